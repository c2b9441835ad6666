import json
import os
import ssl
import subprocess
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

certs = tempfile.mkdtemp()
subprocess.run(["bash", "make-certs.sh", certs], check=True)
# The organisation's CA is trusted the way a deployment installs it (httpx and ssl read SSL_CERT_FILE).
os.environ["SSL_CERT_FILE"] = os.path.join(certs, "ca.pem")

import asyncio  # noqa: E402

import aiohttp  # noqa: E402
import httpx  # noqa: E402
import urllib.error  # noqa: E402

import supplier  # noqa: E402


class Api(BaseHTTPRequestHandler):
    def reply(self, body):
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.reply({"path": self.path, "served_by": self.server.name, "stock": 12})

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.reply({"reserved": json.loads(self.rfile.read(length)), "served_by": self.server.name})

    def log_message(self, *args):
        pass


def serve(name, cert):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(certs, f"{cert}.pem"), os.path.join(certs, f"{cert}.key"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), Api)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.name = name
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"https://localhost:{server.server_address[1]}"


supplier_url = serve("supplier", "server")
impostor_url = serve("impostor", "impostor")
# A server with a certificate the trusted CA issued to another host (billing.internal).
wronghost_url = serve("wronghost", "wronghost")
port = lambda url: int(url.rsplit(":", 1)[1])  # noqa: E731

# The real servers answer as before.
assert supplier.panel_stock(supplier_url, "PV-400") == {"path": "/stock/PV-400", "served_by": "supplier", "stock": 12}
assert supplier.reserve(supplier_url, "PV-400", 3) == {"reserved": {"sku": "PV-400", "count": 3}, "served_by": "supplier"}
assert supplier.gateway_status(f"{supplier_url}/status")["served_by"] == "supplier"
assert supplier.meter_reading("localhost", port(supplier_url)) == {"path": "/reading", "served_by": "supplier", "stock": 12}
assert asyncio.run(supplier.inverter_status(f"{supplier_url}/inverter"))["served_by"] == "supplier"
ca_file = os.path.join(certs, "ca.pem")
assert supplier.grid_status("localhost", port(supplier_url), ca_file) == {"path": "/grid", "served_by": "supplier", "stock": 12}

# An impostor with a certificate no trusted CA signed (a machine in the middle): before, every call
# talks to it; after, each refuses the connection.
calls = {
    "panel_stock": lambda: supplier.panel_stock(impostor_url, "PV-400"),
    "reserve": lambda: supplier.reserve(impostor_url, "PV-400", 3),
    "gateway_status": lambda: supplier.gateway_status(f"{impostor_url}/status"),
    "inverter_status": lambda: asyncio.run(supplier.inverter_status(f"{impostor_url}/inverter")),
    "grid_status": lambda: supplier.grid_status("localhost", port(impostor_url), ca_file),
    # check_hostname = False alone (verify_mode stays CERT_REQUIRED): the CA-issued certificate of
    # another host is accepted before the fix, refused after it for the name; the gateway
    # (check_hostname = False and CERT_NONE) refuses it after the fix too.
    "meter_reading (another host's certificate)": lambda: supplier.meter_reading("localhost", port(wronghost_url)),
    "gateway_status (another host's certificate)": lambda: supplier.gateway_status(f"{wronghost_url}/status"),
}
# The impostor's self-signed certificate was refused by the meter client before the fix too.
try:
    supplier.meter_reading("localhost", port(impostor_url))
except ssl.SSLError as error:
    assert "CERTIFICATE_VERIFY_FAILED" in str(error), repr(error)
else:
    raise AssertionError("the meter client accepted a self-signed certificate")

for name, call in calls.items():
    try:
        answer = call()
    except (httpx.ConnectError, urllib.error.URLError, ssl.SSLError, aiohttp.ClientConnectorCertificateError) as error:
        assert os.environ["SCENARIO_PHASE"] == "after", f"{name}: {error}"
        assert "CERTIFICATE_VERIFY_FAILED" in str(error), f"{name}: {error!r}"
        if "another host" in name:
            assert "Hostname mismatch" in str(error), f"{name}: refused for the name, not the issuer: {error!r}"
    else:
        assert os.environ["SCENARIO_PHASE"] == "before", f"{name} still talks to the impostor: {answer}"
        assert answer["served_by"] in ("impostor", "wronghost"), answer
print("ok")
