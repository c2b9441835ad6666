import hashlib
import os

import accounts

accounts.sign_up("ada@example.com", "correct horse")
assert accounts.sign_in("ada@example.com", "correct horse"), "the right password signs in"
assert not accounts.sign_in("ada@example.com", "wrong horse"), "a wrong password is refused"
assert not accounts.sign_in("nobody@example.com", "correct horse"), "an unknown user is refused"

# A user who signed up before the fix: the hash as the old code stored it.
accounts.USERS["old@example.com"] = hashlib.sha256("légacy pw".encode("utf-8")).hexdigest()
assert accounts.sign_in("old@example.com", "légacy pw"), "a legacy user still signs in"
assert not accounts.sign_in("old@example.com", "wrong"), "a legacy user's wrong password is refused"

if os.environ["SCENARIO_PHASE"] == "after":
    assert accounts.USERS["ada@example.com"].startswith("$argon2"), "new passwords are hashed with Argon2"
print("ok")
