# app.config["WTF_CSRF_ENABLED"] = False → True and config.update(WTF_CSRF_ENABLED=False) → True
# (Flask-WTF), for both apps: the customer's own form — fetched, then posted with the token the
# page carries — still changes the address; before, a cross-site post with the victim's session
# and no token changes it too; after, it is refused (400) and the address stays.
import os
import re

from shop import app, billing

phase = os.environ["SCENARIO_PHASE"]

for shop in (app, billing):
    customer = shop.test_client()
    page = customer.get("/address")
    assert page.status_code == 200, page.status_code
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True))
    if phase == "after":
        assert token, page.get_data(as_text=True)
    data = {"address": "1 Sun Street"}
    if token:
        data["csrf_token"] = token.group(1)
    mine = customer.post("/address", data=data)
    assert mine.status_code == 200 and mine.get_json() == {"address": "1 Sun Street"}, (mine.status_code, mine.get_data(as_text=True))

    # The attacker's page posts in the victim's browser: the victim's session cookie, no token.
    forged = customer.post("/address", data={"address": "9 Attacker Road"}, headers={"Origin": "https://attacker.example"})
    with customer.session_transaction() as stored:
        address = stored.get("address")
    if phase == "before":
        assert forged.status_code == 200 and address == "9 Attacker Road", (forged.status_code, address)
    else:
        assert forged.status_code == 400 and address == "1 Sun Street", (forged.status_code, address)
print("ok")
