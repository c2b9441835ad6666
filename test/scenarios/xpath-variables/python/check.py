import os

from fastapi import FastAPI
from fastapi.testclient import TestClient

import registry

app = FastAPI()
app.include_router(registry.router)
client = TestClient(app)

assert client.get("/installers/region", params={"email": "ada@example.com"}).json() == ["Zurich"]
assert client.get("/installers/region", params={"email": "zoë@example.com"}).json() == ["Basel"], "non-ASCII"
assert client.get("/installers/region", params={"email": "nobody@example.com"}).json() == []
assert client.get("/installers/by-level", params={"level": "gold", "region": "Bern"}).json() == ["o'neil@example.com"]
assert client.get("/installers/by-level", params={"level": "silver", "region": "Zurich"}).json() == []

# An email with a quote: before, it breaks out of the string literal (any installer's region, or a
# syntax error: a 500); after, it is a value like any other and matches the one installer.
leak = client.get("/installers/region", params={"email": "x' or '1'='1"})
if os.environ["SCENARIO_PHASE"] == "before":
    assert leak.json() == ["Zurich", "Basel", "Bern"], leak.json()
else:
    assert leak.json() == [], leak.json()
    assert client.get("/installers/region", params={"email": "o'neil@example.com"}).json() == ["Bern"], "a quote in a value"
    assert client.get("/installers/by-level", params={"level": "gold' or '1'='1", "region": "Zurich"}).json() == []
print("ok")
