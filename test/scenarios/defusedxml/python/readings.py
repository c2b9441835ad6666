"""Meter readings posted by the inverters as XML, installer lists, daily totals and module manifests."""
import xml.etree.ElementTree as ET
import xml.sax
from xml.dom import minidom, pulldom

from lxml import etree


def parse_reading(body: bytes) -> dict:
    root = ET.fromstring(body)
    return {"serial": root.findtext("serial"), "watts": float(root.findtext("watts", "0"))}


def installer_names(body: bytes) -> list:
    document = minidom.parseString(body)
    return [node.firstChild.data for node in document.getElementsByTagName("name")]


def reading_serials(body: bytes) -> list:
    serials = []
    events = pulldom.parseString(body.decode())
    for event, node in events:
        if event == pulldom.START_ELEMENT and node.tagName == "serial":
            events.expandNode(node)
            serials.append(node.firstChild.data)
    return serials


class WattsTotal(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.total = 0.0
        self.text = None

    def startElement(self, name, attrs):
        self.text = "" if name == "watts" else None

    def characters(self, content):
        if self.text is not None:
            self.text += content

    def endElement(self, name):
        if name == "watts":
            self.total += float(self.text)
            self.text = None


def total_watts(body: bytes) -> float:
    handler = WattsTotal()
    xml.sax.parseString(body, handler)
    return handler.total


def total_watts_streamed(chunks) -> float:
    """The same total from a reading posted in chunks (an incremental SAX parser)."""
    handler = WattsTotal()
    parser = xml.sax.make_parser()
    parser.setContentHandler(handler)
    for chunk in chunks:
        parser.feed(chunk)
    parser.close()
    return handler.total


def manifest(body: bytes) -> dict:
    parser = etree.XMLParser(resolve_entities=True)
    root = etree.fromstring(body, parser)
    return {child.tag: child.text for child in root}
