"""Outbound clients: partner APIs, mail, FTP drops, internal services."""
import ftplib
import os
import smtplib
import ssl
import socket
import telnetlib
import urllib.request

import httpx
import jwt
import paramiko
import requests

PARTNER_TOKEN = os.environ.get("PARTNER_TOKEN", "")


def partner_orders():
    # expect: tls
    return requests.get("https://partner.example.com/orders", verify=False, timeout=10).json()


def partner_orders_ok():
    # ok: tls
    return requests.get("https://partner.example.com/orders", verify=True, timeout=10).json()


def partner_orders_ca():
    # ok: tls
    return requests.get("https://partner.example.com/orders", verify="/etc/ssl/partner-ca.pem", timeout=10).json()


def internal_client():
    # expect: tls
    return httpx.Client(verify=False, base_url="https://billing.internal")


def legacy_context():
    # expect: tls
    return ssl._create_unverified_context()


def legacy_socket(host: str):
    sock = socket.create_connection((host, 443))
    # expect: tls
    return ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_TLSv1)


def old_protocol_context():
    # expect: tls
    return ssl.SSLContext(ssl.PROTOCOL_SSLv23)


def modern_context():
    # ok: tls
    return ssl.create_default_context()


def no_hostname_check():
    ctx = ssl.create_default_context()
    # expect: tls (2 lines)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def ssh_connect(host: str):
    client = paramiko.SSHClient()
    # expect: tls
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(host)
    return client


def ssh_connect_known(host: str):
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    # ok: tls
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(host)
    return client


def upload_report(path: str):
    # expect: cleartext
    ftp = ftplib.FTP("ftp.partner.example.com")
    ftp.login("reports", os.environ["FTP_PASSWORD"])
    with open(path, "rb") as fh:
        ftp.storbinary("STOR report.csv", fh)


def upload_report_tls(path: str):
    # ok: cleartext
    ftp = ftplib.FTP_TLS("ftp.partner.example.com")
    ftp.login("reports", os.environ["FTP_PASSWORD"])
    ftp.prot_p()
    with open(path, "rb") as fh:
        ftp.storbinary("STOR report.csv", fh)


def router_reboot():
    # expect: cleartext
    tn = telnetlib.Telnet("10.0.0.1")
    tn.write(b"reboot\n")


def send_password_api(user: str, password: str):
    # expect: cleartext
    return requests.post("http://auth.partner.example.com/login", data={"u": user, "p": password}, timeout=5)


def local_health():
    # ok: cleartext
    return requests.get("http://localhost:8080/health", timeout=2).status_code


def send_mail(msg: str):
    with smtplib.SMTP("smtp.example.com", 587) as smtp:
        # ok: cleartext
        smtp.starttls(context=ssl.create_default_context())
        smtp.sendmail("noreply@example.com", ["ops@example.com"], msg)


def partner_token():
    # expect: hardcoded-secret
    return jwt.encode({"sub": "partner"}, "partner-signing-secret-2024", algorithm="HS256")


def partner_token_env():
    # ok: hardcoded-secret
    return jwt.encode({"sub": "partner"}, os.environ["JWT_SECRET"], algorithm="HS256")


def decode_unverified(token: str):
    # expect: jwt
    return jwt.decode(token, options={"verify_signature": False})


def decode_verified(token: str):
    # ok: jwt
    return jwt.decode(token, os.environ["JWT_SECRET"], algorithms=["HS256"])


def stripe_client():
    # expect: hardcoded-secret
    api_key = "sk_live_51HcQk2LkXr9aPq3TzY8vWm4nB7dE6fG0hJ"
    return httpx.Client(headers={"Authorization": f"Bearer {api_key}"})


def fetch_feed(url: str) -> bytes:
    # expect: ssrf
    return urllib.request.urlopen(url, timeout=5).read()


def fetch_avatar(user_id: int) -> bytes:
    # ok: ssrf
    return requests.get(f"https://avatars.example.com/{int(user_id)}.png", timeout=5).content


def listen_all():
    srv = socket.socket()
    # expect: insecure-configuration
    srv.bind(("0.0.0.0", 9000))
    return srv


def listen_local():
    srv = socket.socket()
    # ok: insecure-configuration
    srv.bind(("127.0.0.1", 9000))
    return srv
