# app.debug = True → False (shop.py) and app.run(debug=True) → debug=False (serve.py), served by
# Werkzeug for real. The routes answer the same and an unknown order is still a 500; before, the
# 500 is Werkzeug's interactive debugger page (the traceback with the source, and the console's
# script served to anyone); after, a plain "Internal Server Error" and no debugger.
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from shop import app

phase = os.environ["SCENARIO_PHASE"]

# In process: the app object keeps its routes and its debug flag says what the fix did.
client = app.test_client()
assert client.get("/health").get_json() == {"status": "ok"}
assert client.get("/orders/1").get_json() == {"id": 1, "total_cents": 12050}
assert app.debug is (phase == "before"), app.debug

with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]


def get(path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_up(seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            return get("/health")
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not start")


server = subprocess.Popen([sys.executable, "serve.py", str(port)], start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    status, body = wait_up(30)
    assert (status, json.loads(body)) == (200, {"status": "ok"}), (status, body)
    status, body = get("/orders/1")
    assert (status, json.loads(body)) == (200, {"id": 1, "total_cents": 12050}), (status, body)
    status, page = get("/orders/2")
    assert status == 500, status
    debugger = "Werkzeug Debugger" in page or "Traceback" in page or "shop.py" in page
    console = get("/?__debugger__=yes&cmd=resource&f=debugger.js")
    if phase == "before":
        assert debugger, page[:300]
        assert console[0] == 200 and "console" in console[1].lower(), console[0]
    else:
        assert not debugger and "Internal Server Error" in page, page[:300]
        assert console[0] == 404, console
finally:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(10)
print("ok")
