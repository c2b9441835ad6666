import os

from fastapi import FastAPI
from fastapi.testclient import TestClient

import downloads

app = FastAPI()
app.include_router(downloads.router)
client = TestClient(app)

report = client.get("/reports/export", params={"report_name": "orders-2026"})
assert report.headers["content-disposition"] == 'attachment; filename="orders-2026.csv"', report.headers
assert report.json() == "sku,count\n"
sheet = client.get("/datasheets/PV-400", params={"ref": "spring-sale"})
assert sheet.json() == {"sku": "PV-400"} and sheet.headers["x-referrer-campaign"] == "spring-sale"
assert client.get("/hint", params={"target": "/static/app.js"}).headers["link"] == "</static/app.js>; rel=preload"
assert client.get("/datasheets/PV-400").status_code == 422, "a missing parameter is refused as before"

# A line break in user data starts a header of the attacker's: Starlette passes the value on as it is
# (a server that does not check it writes two headers). After the fix the break is gone.
split = client.get("/reports/export", params={"report_name": "orders\r\nSet-Cookie: admin=1"})
campaign = client.get("/datasheets/PV-400", params={"ref": "sale\nX-Admin: 1"})
link = client.get("/hint", params={"target": "/a>\r\nRefresh: 0; url=https://evil.example/"})
values = [split.headers["content-disposition"], campaign.headers["x-referrer-campaign"], link.headers["link"]]
broken = [v for v in values if "\r" in v or "\n" in v]
if os.environ["SCENARIO_PHASE"] == "before":
    assert len(broken) == 3, values
else:
    assert broken == [], values
    assert values == ['attachment; filename="ordersSet-Cookie: admin=1.csv"', "saleX-Admin: 1", "</a>Refresh: 0; url=https://evil.example/>; rel=preload"], values
print("ok")
