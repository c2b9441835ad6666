"""The example back end's own behaviour (examples/solar-shop/api), before and after Vigil's fixes.

Runs the app's real routers under FastAPI's TestClient against a real MariaDB through the app's
own driver (PyMySQL): sign-up then sign-in (a customer stored before any fix, with the hash the
app wrote then, and one signed up now with whatever hash_password writes), wrong passwords
refused, an order query, the customer search, and an invoice download. Exits 1 on the first
broken behaviour. Environment: EXAMPLE_DIR (examples/solar-shop), DB_* (the app's own settings),
INVOICE_DIR.
"""
import hashlib
import os
import sys

sys.path.insert(0, os.environ["EXAMPLE_DIR"])

import pymysql  # noqa: E402
from fastapi import FastAPI  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from starlette.middleware.sessions import SessionMiddleware  # noqa: E402

from api import security  # noqa: E402
from api.db import connect  # noqa: E402
from api.routers import auth, customers, invoices, orders  # noqa: E402

SCHEMA = [
    "DROP TABLE IF EXISTS order_events, orders, customers",
    """CREATE TABLE customers (
        id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(120) NOT NULL, email VARCHAR(200) NOT NULL UNIQUE,
        phone VARCHAR(40), street VARCHAR(200) NOT NULL, city VARCHAR(100) NOT NULL, postcode VARCHAR(20) NOT NULL,
        created_on DATE NOT NULL DEFAULT (CURRENT_DATE), password_hash VARCHAR(255), reset_token VARCHAR(255))""",
    """CREATE TABLE orders (
        id INT AUTO_INCREMENT PRIMARY KEY, customer_id INT NOT NULL, panel_model VARCHAR(80) NOT NULL,
        panel_count INT NOT NULL, inverter_model VARCHAR(80) NOT NULL, note TEXT, total_eur DECIMAL(10, 2) NOT NULL DEFAULT 0,
        status VARCHAR(20) NOT NULL, created_on DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP)""",
    """CREATE TABLE order_events (
        id INT AUTO_INCREMENT PRIMARY KEY, order_id INT NOT NULL, status VARCHAR(20) NOT NULL, comment TEXT,
        installer_id VARCHAR(40), happened_on DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP)""",
]


def check(condition: bool, what: str, detail: object = "") -> None:
    if not condition:
        print(f"FAILED: {what}: {detail!r}", file=sys.stderr)
        sys.exit(1)


def sql(statement: str, args: tuple = ()) -> None:
    conn = connect()
    try:
        conn.cursor().execute(statement, args)
        conn.commit()
    finally:
        conn.close()


def main() -> None:
    for statement in SCHEMA:
        sql(statement)

    app = FastAPI()
    app.add_middleware(SessionMiddleware, secret_key="example-check")
    for module in (auth, customers, orders, invoices):
        app.include_router(module.router)
    client = TestClient(app)

    # A customer from before any fix: the hash the app stored then (SHA-256 of pepper + password).
    legacy = client.post("/customers/", json={"name": "Ada Sunfield", "email": "ada@example.org", "street": "1 Ray Road", "city": "Leeds", "postcode": "LS1 1AA"})
    check(legacy.status_code == 201, "sign-up of the legacy customer", legacy.text)
    legacy_hash = hashlib.sha256((security.PEPPER + "old-Passw0rd").encode("utf-8")).hexdigest()
    sql("UPDATE customers SET password_hash = %s WHERE id = %s", (legacy_hash, legacy.json()["id"]))

    # Sign-up now: the customer record, then the password hashed the way the app hashes today.
    new = client.post("/customers/", json={"name": "Bo Lumen", "email": "bo@example.org", "phone": "+44 113 0000", "street": "9 Volt Lane", "city": "York", "postcode": "YO1 7HH"})
    check(new.status_code == 201, "sign-up", new.text)
    check(new.json()["email"] == "bo@example.org" and new.json()["city"] == "York", "the signed-up customer is returned", new.json())
    sql("UPDATE customers SET password_hash = %s WHERE id = %s", (security.hash_password("n3w-Pässword"), new.json()["id"]))

    for email, password, customer_id in (("ada@example.org", "old-Passw0rd", legacy.json()["id"]), ("bo@example.org", "n3w-Pässword", new.json()["id"])):
        signed_in = client.post("/auth/login", data={"email": email, "password": password, "next": "/account/orders"}, follow_redirects=False)
        check(signed_in.status_code == 303, f"sign-in of {email}", (signed_in.status_code, signed_in.text))
        check(signed_in.headers["location"] == "/account/orders", "sign-in goes back to the page asked for", signed_in.headers.get("location"))
        token = signed_in.cookies.get("sunline_session") or next((c.split("=", 1)[1].split(";")[0] for c in signed_in.headers.get_list("set-cookie") if c.startswith("sunline_session=")), None)
        check(token is not None and security.session_customer_id(token) == customer_id, "the session token names the customer", token)
        wrong = client.post("/auth/login", data={"email": email, "password": password + "x"}, follow_redirects=False)
        check(wrong.status_code == 401, f"a wrong password for {email} is refused", wrong.status_code)
    unknown = client.post("/auth/login", data={"email": "nobody@example.org", "password": "x"}, follow_redirects=False)
    check(unknown.status_code == 401, "an unknown e-mail is refused", unknown.status_code)

    # Orders: placed, listed by status and sorted, read one with its history.
    ids = []
    for panels, model in ((12, "SL-400 Mono"), (30, "SL-450 Bifacial")):
        placed = client.post("/orders/", json={"customer_id": new.json()["id"], "panel_model": model, "panel_count": panels, "inverter_model": "INV-5K"})
        check(placed.status_code == 201, "an order is placed", placed.text)
        ids.append(placed.json()["id"])
    sql("UPDATE orders SET total_eur = panel_count * 210")
    sql("UPDATE orders SET status = 'signed' WHERE id = %s", (ids[1],))
    quoted = client.get("/orders/", params={"status": "quoted", "sort": "value"})
    check(quoted.status_code == 200 and [o["id"] for o in quoted.json()] == [ids[0]], "the order query returns the quoted order only", quoted.text)
    signed = client.get("/orders/", params={"status": "signed"})
    check([(o["id"], o["panel_count"]) for o in signed.json()] == [(ids[1], 30)], "the order query returns the signed order", signed.text)
    check(client.get("/orders/", params={"status": "installed"}).json() == [], "no installed orders")
    one = client.get(f"/orders/{ids[1]}")
    check(one.status_code == 200 and one.json()["panel_model"] == "SL-450 Bifacial" and one.json()["events"] == [], "one order with its events", one.text)
    check(client.get("/orders/999999").status_code == 404, "a missing order is 404")

    # The sales team's search and lookup (names and e-mails, with the LIKE wildcards around).
    found = client.get("/customers/search", params={"q": "Lum"})
    check(found.status_code == 200 and [c["email"] for c in found.json()] == ["bo@example.org"], "the customer search", found.text)
    looked_up = client.get("/customers/lookup", params={"email": "  ADA@example.org "})
    check(looked_up.status_code == 200 and looked_up.json()["name"] == "Ada Sunfield", "the lookup by e-mail", looked_up.text)

    # An invoice download.
    pdf = b"%PDF-1.4\n% invoice 1001\n"
    with open(os.path.join(os.environ["INVOICE_DIR"], "1001.pdf"), "wb") as fh:
        fh.write(pdf)
    download = client.get("/invoices/files/1001.pdf")
    check(download.status_code == 200 and download.content == pdf, "the invoice download", (download.status_code, download.content[:40]))
    check(download.headers["content-type"] == "application/pdf", "the invoice is a PDF", download.headers.get("content-type"))
    check(client.get("/invoices/files/1002.pdf").status_code == 404, "a missing invoice is 404")
    print("ok")


if __name__ == "__main__":
    main()
