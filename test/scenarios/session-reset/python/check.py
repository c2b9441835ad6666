import os

from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.middleware.sessions import SessionMiddleware

import account

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key="scenario-secret")
app.include_router(account.router)

ada = TestClient(app)
assert ada.post("/checkout").status_code == 401, "not signed in"
assert ada.post("/login", data={"email": "ada@example.com", "password": "wrong"}).status_code == 401
assert ada.post("/login", data={"email": "ada@example.com", "password": "pv-panel-42"}).json() == {"signed_in": "ada@example.com"}
assert ada.post("/checkout").json() == {"customer": 1, "ship_to": "Seestrasse 1, Zürich"}, "the signed-in customer stays"
assert ada.post("/ship-to", data={"address": "Bahnhofplatz 3, Bern"}).status_code == 200
assert ada.post("/checkout").json() == {"customer": 1, "ship_to": "Bahnhofplatz 3, Bern"}, "a choice made after sign-in is kept"

# Fixation: the attacker prepares a session (a delivery address of theirs) and gets its cookie into
# the victim's browser; the victim signs in with it. Before, the victim's order ships to the attacker;
# after, sign-in starts a new session: nothing from before it is carried over.
attacker = TestClient(app)
attacker.post("/ship-to", data={"address": "Postfach 666, Vaduz"})
victim = TestClient(app)
victim.cookies.set("session", attacker.cookies["session"])
assert victim.post("/login", data={"email": "zoe@example.com", "password": "inverter-7"}).status_code == 200
order = victim.post("/checkout").json()
assert order["customer"] == 2, order
if os.environ["SCENARIO_PHASE"] == "before":
    assert order["ship_to"] == "Postfach 666, Vaduz", order
else:
    assert order["ship_to"] == "Rheinweg 9, Basel", order
print("ok")
