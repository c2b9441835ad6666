import os

from api_key import is_partner, refuse_admin, status_for

os.environ["PARTNER_API_KEY"] = "k-3f9a"
assert is_partner("k-3f9a") is True, "the right key"
assert is_partner("k-3f9b") is False, "a wrong key of the same length"
assert is_partner("k-3f9a-longer") is False, "a longer key"
assert is_partner(None) is False, "a missing header"
assert is_partner("clé-ü") is False, "a non-ASCII header"
assert status_for({"X-Api-Key": "k-3f9a"}) == 200
assert status_for({}) == 401, "a missing header is a 401, not a 500"
assert status_for({"X-Api-Key": "schlüssel"}) == 401, "a non-ASCII header is a 401, not a 500"
os.environ["PARTNER_API_KEY"] = "clé-ü"
assert is_partner("clé-ü") is True, "a non-ASCII key"
assert is_partner(b"k-3f9a") is False, "bytes against a str key"
del os.environ["PARTNER_API_KEY"]
assert is_partner("k-3f9a") is False, "an unset variable"
os.environ["ADMIN_TOKEN"] = "adm-ü1"
assert refuse_admin("adm-ü1") is False and refuse_admin("adm-u1") is True, "!= keeps its meaning"
assert refuse_admin(None) is True and refuse_admin("ädm") is True, "a missing or non-ASCII token is refused, not a TypeError"
print("ok")
