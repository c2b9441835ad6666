import os

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
with open("idp_key.pem", "wb") as fh:
    fh.write(private_key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))

import partners  # noqa: E402  (reads the key file written above)

issued = jwt.encode({"sub": "p-7"}, private_key, algorithm="RS256")
assert partners.partner_from(issued)["sub"] == "p-7", "a token the identity provider issued"
if os.environ["SCENARIO_PHASE"] == "after":
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    for token in (jwt.encode({"sub": "p-1"}, other, algorithm="RS256"), jwt.encode({"sub": "p-1"}, "guessable", algorithm="HS256")):
        try:
            partners.partner_from(token)
            raise AssertionError("a token of another key or algorithm must be refused")
        except jwt.InvalidTokenError:
            pass
print("ok")
