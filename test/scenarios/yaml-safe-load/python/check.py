import os

import settings

with open("settings.yaml", "w", encoding="utf-8") as fh:
    fh.write("shop: Sunline\nregions: [north, süd]\nvat: 0.19\nopening: 2024-03-01\nlimits:\n  panels: 40\n")
loaded = settings.load_settings("settings.yaml")
assert loaded["shop"] == "Sunline" and loaded["regions"] == ["north", "süd"] and loaded["vat"] == 0.19, loaded
assert str(loaded["opening"]) == "2024-03-01" and loaded["limits"] == {"panels": 40}, loaded
with open("profiles.yaml", "w", encoding="utf-8") as fh:
    fh.write("name: Zoë\nregions: [north]\n---\nname: Sun GmbH\nsince: 2021-06-30\n")
profiles = settings.load_profiles("profiles.yaml")
assert profiles[0] == {"name": "Zoë", "regions": ["north"]} and profiles[1]["name"] == "Sun GmbH", profiles
assert str(profiles[1]["since"]) == "2021-06-30", profiles
# yaml.unsafe_load → safe_load, yaml.unsafe_load_all → safe_load_all: the supplier's data reads the same.
catalogue = settings.parse_catalogue("supplier: Sun GmbH\npanels:\n  - {sku: P-400, watts: 400, price: 129.5}\nupdated: 2024-05-02\n")
assert catalogue["supplier"] == "Sun GmbH" and catalogue["panels"] == [{"sku": "P-400", "watts": 400, "price": 129.5}], catalogue
assert str(catalogue["updated"]) == "2024-05-02", catalogue
pages = settings.parse_price_lists("region: north\n---\nregion: süd\nvat: 0.19\n")
assert pages == [{"region": "north"}, {"region": "süd", "vat": 0.19}], pages
# Before, a tag in the supplier's data runs a function of the server (os.getpid here); after, it is refused.
for parse, text in ((settings.parse_catalogue, "!!python/object/apply:os.getpid []\n"), (settings.parse_price_lists, "region: ok\n---\n!!python/object/apply:os.getpid []\n")):
    try:
        result = parse(text)
        ran = os.getpid() in (result if isinstance(result, list) else [result])
    except Exception as error:  # yaml.constructor.ConstructorError
        assert "ConstructorError" in type(error).__name__, error
        ran = False
    assert ran == (os.environ["SCENARIO_PHASE"] == "before"), (parse.__name__, ran)

if os.environ["SCENARIO_PHASE"] == "after":
    with open("evil.yaml", "w", encoding="utf-8") as fh:
        fh.write("!!python/object/new:os.system [echo pwned]\n")
    try:
        settings.load_settings("evil.yaml")
        raise AssertionError("a python/object tag must be refused")
    except Exception as error:  # yaml.constructor.ConstructorError
        assert "ConstructorError" in type(error).__name__, error
    with open("evil-profiles.yaml", "w", encoding="utf-8") as fh:
        fh.write("name: ok\n---\n!!python/object/new:os.system [echo pwned]\n")
    try:
        settings.load_profiles("evil-profiles.yaml")
        raise AssertionError("a python/object tag must be refused in a later document too")
    except Exception as error:
        assert "ConstructorError" in type(error).__name__, error
print("ok")
