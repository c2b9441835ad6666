"""Batch jobs: imports of partner XML, temp files, uploads, permissions."""
import os
import re
import shutil
import stat
import tempfile
import xml.dom.minidom
import xml.etree.ElementTree as ET
import xml.sax

import defusedxml.ElementTree as SafeET
from lxml import etree


def parse_feed(path: str):
    # expect: xxe
    return etree.parse(path, etree.XMLParser(resolve_entities=True))


def parse_feed_string(text: bytes):
    # expect: xxe
    return etree.fromstring(text, parser=etree.XMLParser(no_network=False, resolve_entities=True))


def parse_feed_lxml_default(text: bytes):
    # expect: xxe
    return etree.fromstring(text)


def parse_feed_safe(text: bytes):
    # ok: xxe
    return etree.fromstring(text, parser=etree.XMLParser(resolve_entities=False, no_network=True))


def parse_partner(text: str):
    # expect: xxe
    return ET.fromstring(text)


def parse_partner_safe(text: str):
    # ok: xxe
    return SafeET.fromstring(text)


def parse_minidom(path: str):
    # expect: xxe
    return xml.dom.minidom.parse(path)


def parse_sax(path: str, handler):
    # expect: xxe (2 lines)
    parser = xml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_external_ges, True)
    parser.setContentHandler(handler)
    parser.parse(path)


def scratch_file():
    # expect: insecure-temp-file
    name = tempfile.mktemp(suffix=".csv")
    return open(name, "w")


def scratch_file_good():
    # ok: insecure-temp-file
    fd, name = tempfile.mkstemp(suffix=".csv")
    return os.fdopen(fd, "w"), name


def scratch_fixed_path():
    # expect: insecure-temp-file
    with open("/tmp/partner_import.csv", "w") as fh:
        fh.write("")


def scratch_dir_good():
    # ok: insecure-temp-file
    return tempfile.TemporaryDirectory(prefix="import-")


def publish(path: str):
    # expect: file-permissions
    os.chmod(path, 0o777)


def publish_group(path: str):
    # expect: file-permissions
    os.chmod(path, stat.S_IRWXU | stat.S_IRWXG | stat.S_IRWXO)


def publish_private(path: str):
    # ok: file-permissions
    os.chmod(path, 0o600)


def publish_readable(path: str):
    # ok: file-permissions
    os.chmod(path, 0o644)


def make_shared_dir(path: str):
    # expect: file-permissions
    os.makedirs(path, mode=0o777, exist_ok=True)


def make_private_dir(path: str):
    # ok: file-permissions
    os.makedirs(path, mode=0o700, exist_ok=True)


def write_world_writable(path: str, data: bytes):
    # expect: file-permissions
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o666)
    os.write(fd, data)
    os.close(fd)


def copy_upload(src: str, dest_dir: str, name: str):
    # expect: path-traversal
    shutil.copy(src, os.path.join(dest_dir, name))


def copy_upload_safe(src: str, dest_dir: str, name: str):
    # ok: path-traversal
    shutil.copy(src, os.path.join(dest_dir, os.path.basename(name)))


def validate_email(value: str) -> bool:
    # expect: redos
    return re.match(r"^([a-zA-Z0-9]+)*@example\.com$", value) is not None


def validate_slug(value: str) -> bool:
    # ok: redos
    return re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value) is not None


def split_words(text: str):
    # expect: redos
    return re.findall(r"(\w+\s?)+$", text)


def strip_tags(html: str) -> str:
    # ok: redos
    return re.sub(r"<[^>]*>", "", html)
