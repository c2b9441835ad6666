import logging
import os

from fastapi import FastAPI
from fastapi.testclient import TestClient

import audit

# What the app writes to its log, as the lines a log collector would split it into.
written = []


class Recorder(logging.Handler):
    def emit(self, record):
        written.append(self.format(record))


logger = logging.getLogger("shop.audit")
logger.addHandler(Recorder())
logger.setLevel(logging.INFO)


def lines():
    out = "\n".join(written).split("\n")
    written.clear()
    return out


app = FastAPI()
app.include_router(audit.router)
client = TestClient(app)

assert client.post("/login/failed", params={"email": "zoë@example.com"}).status_code == 401
assert lines() == ["failed login for zoë@example.com"]
assert client.post("/orders/12/note", params={"note": "leave at the door"}).json() == {"ok": True}
assert lines() == ["note on order 12: leave at the door"]
assert client.get("/search", params={"term": "solar panel"}).json() == []
assert lines() == ["search: solar panel"]
client.get("/client", headers={"X-Client": "shop-app/2.1"})
assert lines() == ["shop-app/2.1"]
client.get("/client")
assert lines() == ["None"], "a missing header is logged as before"

# A forged entry: the attacker's text starts a line of its own that looks like the app's.
attacks = [
    client.post("/login/failed", params={"email": "eve@example.com\nfailed login for admin@example.com"}),
    client.post("/orders/12/note", params={"note": "ok\r\nnote on order 13: refund approved"}),
    client.get("/search", params={"term": "x\nsearch: y"}),
]
logged = lines()
forged = [line for line in logged if line in ("failed login for admin@example.com", "note on order 13: refund approved", "search: y")]
if os.environ["SCENARIO_PHASE"] == "before":
    assert len(forged) == 3, logged
else:
    assert forged == [] and len(logged) == 3, logged
    assert "eve@example.com" in logged[0], "the attempt is still logged"
print("ok")
