import os

import readings

assert readings.parse_reading(b"<reading><serial>SN-1</serial><watts>412.5</watts></reading>") == {"serial": "SN-1", "watts": 412.5}
assert readings.parse_reading("<reading><serial>Süd-2</serial></reading>".encode()) == {"serial": "Süd-2", "watts": 0.0}
if os.environ["SCENARIO_PHASE"] == "after":
    bomb = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><reading><serial>&b;</serial></reading>'
    try:
        readings.parse_reading(bomb)
        raise AssertionError("entity declarations must be refused")
    except Exception as error:
        assert type(error).__name__ == "EntitiesForbidden", error
print("ok")
