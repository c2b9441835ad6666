import os

from fastapi.testclient import TestClient

import main

client = TestClient(main.app, raise_server_exceptions=False)
assert client.get("/health").json() == {"status": "ok"}
assert client.get("/orders/1").json() == {"id": 1, "total_cents": 12050}
crash = client.get("/orders/2")
assert crash.status_code == 500, crash.status_code
leaks = "Traceback" in crash.text or "main.py" in crash.text  # the code and its paths, shown to anyone
if os.environ["SCENARIO_PHASE"] == "before":
    assert leaks, crash.text[:200]
else:
    assert not leaks and crash.text == "Internal Server Error", crash.text[:200]
print("ok")
