"""Meter readings posted by the inverters as XML."""
import xml.etree.ElementTree as ET


def parse_reading(body: bytes) -> dict:
    root = ET.fromstring(body)
    return {"serial": root.findtext("serial"), "watts": float(root.findtext("watts", "0"))}
