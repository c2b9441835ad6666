# DEBUG = True → False in the shop's settings.py (ALLOWED_HOSTS = [] as startproject writes it),
# served for real by a WSGI server on 127.0.0.1. The settings import, the routes answer the same
# on the hosts that worked before (127.0.0.1, localhost) and an unknown order is still a 500;
# before, that 500 is Django's technical page (the traceback, the settings, the source); after,
# a plain error page. Another Host header stays refused.
import json
import os
import socket
import threading
import urllib.error
import urllib.request
from wsgiref.simple_server import WSGIRequestHandler, make_server

os.environ["DJANGO_SETTINGS_MODULE"] = "shop.settings"
import django  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

django.setup()
phase = os.environ["SCENARIO_PHASE"]
assert settings.DEBUG is (phase == "before"), settings.DEBUG


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
server = make_server("127.0.0.1", port, get_wsgi_application(), handler_class=Quiet)
threading.Thread(target=server.serve_forever, daemon=True).start()


def get(path, host=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


try:
    for host in (None, f"localhost:{port}"):
        status, body = get("/health", host)
        assert (status, body[:100]) and status == 200 and json.loads(body) == {"status": "ok"}, (host, status, body[:300])
        status, body = get("/orders/1", host)
        assert status == 200 and json.loads(body) == {"id": 1, "total_cents": 12050}, (host, status, body[:300])
    status, page = get("/orders/2")
    assert status == 500, (status, page[:300])
    technical = "Traceback" in page or "SECRET_KEY" in page or "urls.py" in page
    if phase == "before":
        assert technical, page[:300]
    else:
        assert not technical, page[:300]
    assert get("/health", "attacker.example")[0] == 400
finally:
    server.shutdown()
print("ok")
