import os
import tempfile

import readings

after = os.environ["SCENARIO_PHASE"] == "after"
bomb = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><reading><serial>&b;</serial><watts>1</watts><name>&b;</name></reading>'


def refused(call):
    """After the fix, a document declaring entities is refused (defusedxml); before, it parses."""
    try:
        call(bomb)
    except Exception as error:
        assert after, f"refused before the fix: {error!r}"
        assert type(error).__name__ == "EntitiesForbidden", repr(error)
    else:
        assert not after, "entity declarations must be refused"


# ElementTree
assert readings.parse_reading(b"<reading><serial>SN-1</serial><watts>412.5</watts></reading>") == {"serial": "SN-1", "watts": 412.5}
assert readings.parse_reading("<reading><serial>Süd-2</serial></reading>".encode()) == {"serial": "Süd-2", "watts": 0.0}
refused(readings.parse_reading)

# minidom, pulldom, sax: the same values (non-ASCII, &amp; and character references too)
installers = "<installers><installer><name>Zoë &amp; Co</name></installer><installer><name>&#83;un GmbH</name></installer></installers>".encode()
assert readings.installer_names(installers) == ["Zoë & Co", "Sun GmbH"], readings.installer_names(installers)
refused(readings.installer_names)
day = b"<day><reading><serial>SN-1</serial><watts>400.5</watts></reading><reading><serial>SN-2</serial><watts>99.5</watts></reading></day>"
assert readings.reading_serials(day) == ["SN-1", "SN-2"]
refused(readings.reading_serials)
assert readings.total_watts(day) == 500.0
refused(readings.total_watts)
# xml.sax.make_parser() → defusedxml.sax.make_parser(): fed in chunks, the same total; entities refused after.
assert readings.total_watts_streamed([day[:30], day[30:77], day[77:]]) == 500.0
refused(lambda body: readings.total_watts_streamed([body]))

# lxml with resolve_entities=True: an external entity reads a file of the server before the fix, not after.
assert readings.manifest(b"<module><sku>PV-400</sku><vendor>Sunline &amp; Co</vendor></module>") == {"sku": "PV-400", "vendor": "Sunline & Co"}
secret = os.path.join(tempfile.mkdtemp(), "secret.txt")
with open(secret, "w", encoding="utf-8") as fh:
    fh.write("db-password-123")
xxe = f'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY s SYSTEM "file://{secret}">]><module><sku>&s;</sku></module>'.encode()
leaked = readings.manifest(xxe).get("sku")
if after:
    assert leaked != "db-password-123", "the external entity still reads the file"
else:
    assert leaked == "db-password-123", f"the attack should work before the fix: {leaked!r}"
print("ok")
