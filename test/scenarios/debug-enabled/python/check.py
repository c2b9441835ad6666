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

# serve.py: uvicorn.run(..., reload=True) → reload=False. The server answers the same; before, a
# change to a module on disk (a dropped-in edit, a synced folder) is loaded into the running
# server; after, the running code stays what was started.
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import urllib.error  # noqa: E402
import urllib.request  # noqa: E402

with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]


def get(path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def wait(path, status, seconds):
    deadline = time.monotonic() + seconds
    while True:
        try:
            if get(path)[0] == status:
                return True
        except OSError:
            pass
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)


server = subprocess.Popen([sys.executable, "serve.py", str(port)], start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
original = open("main.py", encoding="utf-8").read()
try:
    assert wait("/health", 200, 30), "the server did not start"
    assert get("/orders/1") == (200, '{"id":1,"total_cents":12050}')
    time.sleep(1.2)  # a modification time later than the server's first look
    with open("main.py", "a", encoding="utf-8") as fh:
        fh.write('\n\n@app.get("/planted")\ndef planted():\n    return {"planted": True}\n')
    reloaded = wait("/planted", 200, 8)
    if os.environ["SCENARIO_PHASE"] == "before":
        assert reloaded, "the edit should be loaded by the reloading server"
    else:
        assert not reloaded, "the running server loaded code changed on disk"
        assert get("/health") == (200, '{"status":"ok"}')
finally:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(10)
    with open("main.py", "w", encoding="utf-8") as fh:
        fh.write(original)
print("ok")
