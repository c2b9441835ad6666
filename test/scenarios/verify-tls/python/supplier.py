"""Reads stock from the panel supplier's API, status from the grid gateway and readings from the meter (all HTTPS)."""
import http.client
import json
import socket
import ssl
import urllib.request

import aiohttp
import httpx


def panel_stock(base_url: str, sku: str) -> dict:
    response = httpx.get(f"{base_url}/stock/{sku}", timeout=5, verify=False)
    return response.json()


def reserve(base_url: str, sku: str, count: int) -> dict:
    with httpx.Client(base_url=base_url, timeout=5, verify=False) as client:
        return client.post("/reservations", json={"sku": sku, "count": count}).json()


def gateway_status(url: str) -> dict:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with urllib.request.urlopen(url, context=context, timeout=5) as response:
        return json.load(response)


def meter_reading(host: str, port: int) -> dict:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.minimum_version = ssl.TLSVersion.TLSv1
    connection = http.client.HTTPSConnection(host, port, context=context, timeout=5)
    try:
        connection.request("GET", "/reading")
        return json.load(connection.getresponse())
    finally:
        connection.close()


def grid_status(host: str, port: int, ca_file: str) -> dict:
    """The grid operator's legacy gateway, spoken to over a raw TLS socket with the operator's CA."""
    with socket.create_connection((host, port), timeout=5) as sock:
        with ssl.wrap_socket(sock, cert_reqs=ssl.CERT_NONE, ca_certs=ca_file) as tls:
            tls.sendall(b"GET /grid HTTP/1.0\r\nHost: localhost\r\n\r\n")
            reply = b""
            while chunk := tls.recv(4096):
                reply += chunk
    return json.loads(reply.split(b"\r\n\r\n", 1)[1])


async def inverter_status(url: str) -> dict:
    async with aiohttp.ClientSession() as session:
        async with session.get(url, ssl=False, timeout=aiohttp.ClientTimeout(total=5)) as response:
            return await response.json()
