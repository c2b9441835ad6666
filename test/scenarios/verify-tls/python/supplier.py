"""Reads stock from the panel supplier's API, status from the grid gateway and readings from the meter (all HTTPS)."""
import http.client
import json
import ssl
import urllib.request

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
    connection = http.client.HTTPSConnection(host, port, context=context, timeout=5)
    try:
        connection.request("GET", "/reading")
        return json.load(connection.getresponse())
    finally:
        connection.close()
