"""A small Flask shop: orders, invoices, product search and an admin corner."""
import os
import pickle
import sqlite3
import subprocess

import requests
import yaml
from flask import Flask, abort, redirect, render_template_string, request, send_file

app = Flask(__name__)
DB_PATH = os.environ.get("SHOP_DB", "shop.db")
INVOICE_DIR = "/srv/shop/invoices"
ALLOWED_SORT = {"price", "name", "created_at"}


def db():
    return sqlite3.connect(DB_PATH)


@app.route("/products")
def products():
    term = request.args.get("q", "")
    cur = db().cursor()
    # expect: sql-injection
    cur.execute(f"SELECT id, name FROM products WHERE name LIKE '%{term}%'")
    return {"items": cur.fetchall()}


@app.route("/products/safe")
def products_safe():
    term = request.args.get("q", "")
    cur = db().cursor()
    # ok: sql-injection
    cur.execute("SELECT id, name FROM products WHERE name LIKE ?", (f"%{term}%",))
    return {"items": cur.fetchall()}


@app.route("/orders/<order_id>")
def order(order_id):
    cur = db().cursor()
    # expect: sql-injection
    cur.execute("SELECT * FROM orders WHERE id = " + order_id)
    return {"order": cur.fetchone()}


@app.route("/orders")
def orders_sorted():
    sort = request.args.get("sort", "created_at")
    if sort not in ALLOWED_SORT:
        abort(400)
    cur = db().cursor()
    # ok: sql-injection
    cur.execute(f"SELECT * FROM orders ORDER BY {sort}")
    return {"orders": cur.fetchall()}


@app.route("/orders/page")
def orders_page():
    limit = int(request.args.get("limit", "20"))
    cur = db().cursor()
    # ok: sql-injection
    cur.execute("SELECT * FROM orders LIMIT %d" % limit)
    return {"orders": cur.fetchall()}


@app.route("/customers")
def customers():
    city = request.args["city"]
    cur = db().cursor()
    # expect: sql-injection (2 lines)
    query = "SELECT name FROM customers WHERE city = '%s'" % city
    cur.execute(query)
    return {"customers": cur.fetchall()}


@app.route("/customers/bulk", methods=["POST"])
def customers_bulk():
    ids = request.json["ids"]
    marks = ",".join("?" for _ in ids)
    cur = db().cursor()
    # ok: sql-injection
    cur.execute(f"SELECT name FROM customers WHERE id IN ({marks})", ids)
    return {"customers": cur.fetchall()}


@app.route("/tools/ping")
def ping():
    host = request.args.get("host", "localhost")
    # expect: command-injection
    out = subprocess.check_output(f"ping -c 1 {host}", shell=True)
    return out


@app.route("/tools/ping2")
def ping_list():
    host = request.args.get("host", "localhost")
    # ok: command-injection
    out = subprocess.check_output(["ping", "-c", "1", "--", host])
    return out


@app.route("/tools/archive")
def archive():
    name = request.args["name"]
    # expect: command-injection
    os.system("tar czf /srv/backups/out.tgz " + name)
    return "ok"


@app.route("/tools/uptime")
def uptime():
    # ok: command-injection
    out = subprocess.run(["uptime"], capture_output=True, text=True, check=False)
    return out.stdout


@app.route("/calc")
def calc():
    expr = request.args.get("expr", "0")
    # expect: code-injection
    return str(eval(expr))


@app.route("/cart/restore", methods=["POST"])
def restore_cart():
    # expect: deserialization
    cart = pickle.loads(request.get_data())
    return {"items": len(cart)}


@app.route("/import", methods=["POST"])
def import_catalog():
    # expect: deserialization
    catalog = yaml.load(request.data, Loader=yaml.Loader)
    return {"count": len(catalog)}


@app.route("/import/safe", methods=["POST"])
def import_catalog_safe():
    # ok: deserialization
    catalog = yaml.safe_load(request.data)
    return {"count": len(catalog)}


@app.route("/invoices/<path:name>")
def invoice(name):
    # expect: path-traversal
    return send_file(os.path.join(INVOICE_DIR, name))


@app.route("/invoices/v2/<name>")
def invoice_checked(name):
    base = os.path.realpath(INVOICE_DIR)
    target = os.path.realpath(os.path.join(base, name))
    if not target.startswith(base + os.sep):
        abort(404)
    # ok: path-traversal
    return send_file(target)


@app.route("/notes")
def read_note():
    note = request.args["note"]
    # expect: path-traversal
    with open("/srv/shop/notes/" + note) as fh:
        return fh.read()


@app.route("/preview")
def preview():
    url = request.args["url"]
    # expect: ssrf
    resp = requests.get(url, timeout=5)
    return resp.text


@app.route("/preview/partner")
def preview_partner():
    slug = request.args["slug"]
    if not slug.isalnum():
        abort(400)
    # ok: ssrf
    resp = requests.get("https://partners.example.com/api/items/" + slug, timeout=5)
    return resp.text


@app.route("/hello")
def hello():
    name = request.args.get("name", "guest")
    # expect: template-injection
    return render_template_string("<h1>Hello " + name + "</h1>")


@app.route("/hello/safe")
def hello_safe():
    name = request.args.get("name", "guest")
    # ok: template-injection
    return render_template_string("<h1>Hello {{ name }}</h1>", name=name)


@app.route("/greet")
def greet():
    name = request.args.get("name", "guest")
    # expect: xss
    return "<p>Welcome back, " + name + "</p>"


@app.route("/login/done")
def login_done():
    nxt = request.args.get("next", "/")
    # expect: open-redirect
    return redirect(nxt)


@app.route("/login/done2")
def login_done_safe():
    nxt = request.args.get("next", "/")
    if not nxt.startswith("/") or nxt.startswith("//"):
        nxt = "/"
    # ok: open-redirect
    return redirect(nxt)


@app.route("/lang/<code>")
def switch_lang(code):
    # ok: open-redirect
    return redirect("/" + ("de" if code == "de" else "en") + "/")
