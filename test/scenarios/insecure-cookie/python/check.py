import os

from fastapi import FastAPI
from fastapi.testclient import TestClient

import sessions

app = FastAPI()
app.include_router(sessions.router)
# The shop is served over HTTPS (a Secure cookie is sent back only there).
client = TestClient(app, base_url="https://shop.example")

assert client.post("/login", params={"email": "ada@example.com"}).json() == {"signed_in": "ada@example.com"}
assert client.get("/me").json() == {"email": "ada@example.com"}, "the session cookie signs the next request in"
client.cookies.clear()
assert client.get("/me").json() == {"email": None}, "no cookie, no session"

flags = client.post("/login", params={"email": "zoë@example.com"}).headers["set-cookie"].lower()
assert "max-age=3600" in flags, flags
readable = "httponly" not in flags  # a script injected into the page can read the session
if os.environ["SCENARIO_PHASE"] == "before":
    assert readable, flags
else:
    assert not readable and "secure" in flags and "samesite=lax" in flags, flags
assert client.get("/me").json() == {"email": "zoë@example.com"}
print("ok")
