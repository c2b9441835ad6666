import os

import settings

with open("settings.yaml", "w", encoding="utf-8") as fh:
    fh.write("shop: Sunline\nregions: [north, süd]\nvat: 0.19\nopening: 2024-03-01\nlimits:\n  panels: 40\n")
loaded = settings.load_settings("settings.yaml")
assert loaded["shop"] == "Sunline" and loaded["regions"] == ["north", "süd"] and loaded["vat"] == 0.19, loaded
assert str(loaded["opening"]) == "2024-03-01" and loaded["limits"] == {"panels": 40}, loaded
if os.environ["SCENARIO_PHASE"] == "after":
    with open("evil.yaml", "w", encoding="utf-8") as fh:
        fh.write("!!python/object/new:os.system [echo pwned]\n")
    try:
        settings.load_settings("evil.yaml")
        raise AssertionError("a python/object tag must be refused")
    except Exception as error:  # yaml.constructor.ConstructorError
        assert "ConstructorError" in type(error).__name__, error
print("ok")
