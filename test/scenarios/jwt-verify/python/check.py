import os

import jwt

import sessions

assert sessions.customer_id(sessions.create_token(42)) == 42, "a token the portal issued"
# algorithms=["HS256", "none"] → ["HS256"]: the portal's tokens still decode; forged and alg=none ones are refused.
assert sessions.basket_owner(sessions.create_token(7)) == 7
for token in (jwt.encode({"sub": "1"}, "attacker-key", algorithm="HS256"), jwt.encode({"sub": "1"}, None, algorithm="none")):
    try:
        sessions.basket_owner(token)
        raise AssertionError("a forged token must be refused")
    except jwt.PyJWTError:
        pass
if os.environ["SCENARIO_PHASE"] == "after":
    forged = jwt.encode({"sub": "1"}, "attacker-key", algorithm="HS256")
    for token in (forged, jwt.encode({"sub": "1"}, None, algorithm="none")):
        try:
            sessions.customer_id(token)
            raise AssertionError("a forged token must be refused")
        except jwt.InvalidTokenError:
            pass
print("ok")
