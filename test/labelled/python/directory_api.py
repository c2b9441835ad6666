"""Flask directory service: MongoDB profiles, LDAP lookups, XML catalogues."""
import logging
import os
import subprocess

import ldap
import requests
from flask import Flask, jsonify, make_response, redirect, request, session
from lxml import etree
from pymongo import MongoClient

app = Flask(__name__)
users = MongoClient(os.environ.get("MONGO_URL", "mongodb://localhost"))["dir"]["users"]
log = logging.getLogger(__name__)
CATALOGUE = etree.parse("/srv/dir/catalogue.xml")


@app.route("/profiles/find", methods=["POST"])
def find_profile():
    # expect: nosql-injection
    doc = users.find_one(request.json)
    return jsonify(doc)


@app.route("/profiles/where")
def profile_where():
    name = request.args["name"]
    # expect: nosql-injection
    doc = users.find_one({"$where": "this.name == '" + name + "'"})
    return jsonify(doc)


@app.route("/profiles/by-name")
def profile_by_name():
    # ok: nosql-injection
    doc = users.find_one({"name": str(request.args["name"])})
    return jsonify(doc)


@app.route("/people")
def people():
    uid = request.args["uid"]
    conn = ldap.initialize("ldap://ldap.internal")
    # expect: ldap-injection
    result = conn.search_s("ou=people,dc=example,dc=com", ldap.SCOPE_SUBTREE, "(uid=" + uid + ")")
    return jsonify([dn for dn, _ in result])


@app.route("/people/safe")
def people_safe():
    from ldap.filter import escape_filter_chars
    uid = escape_filter_chars(request.args["uid"])
    conn = ldap.initialize("ldap://ldap.internal")
    # ok: ldap-injection
    result = conn.search_s("ou=people,dc=example,dc=com", ldap.SCOPE_SUBTREE, "(uid=" + uid + ")")
    return jsonify([dn for dn, _ in result])


@app.route("/catalogue")
def catalogue():
    sku = request.args["sku"]
    # expect: xpath-injection
    nodes = CATALOGUE.xpath("//item[@sku='" + sku + "']/name/text()")
    return jsonify([str(n) for n in nodes])


@app.route("/catalogue/safe")
def catalogue_safe():
    sku = request.args["sku"]
    # ok: xpath-injection
    nodes = CATALOGUE.xpath("//item[@sku=$sku]/name/text()", sku=sku)
    return jsonify([str(n) for n in nodes])


@app.route("/download")
def download_header():
    name = request.args["name"]
    resp = make_response(b"...")
    # expect: header-injection
    resp.headers["Content-Disposition"] = "attachment; filename=" + name
    return resp


@app.route("/login", methods=["POST"])
def login():
    user = request.form["user"]
    # expect: log-injection
    log.warning(f"failed login for {user}")
    return "no", 401


@app.route("/login/ok", methods=["POST"])
def login_ok():
    user = request.form["user"]
    # ok: log-injection
    log.warning("failed login for %s", user.replace("\r", "").replace("\n", ""))
    return "no", 401


@app.route("/sso/callback")
def sso_callback():
    # expect: open-redirect
    return redirect(request.args.get("return_to") or "/")


@app.route("/sso/start")
def sso_start():
    # ok: open-redirect
    return redirect("https://sso.example.com/authorize?client_id=dir")


@app.route("/mirror")
def mirror():
    # expect: ssrf
    return requests.get(request.args["src"], timeout=5).content


@app.route("/mirror/internal")
def mirror_internal():
    # ok: ssrf
    return requests.get("https://cdn.example.com/" + str(int(request.args["id"])), timeout=5).content


@app.route("/whois")
def whois():
    domain = request.args["domain"]
    # expect: command-injection
    return subprocess.getoutput("whois " + domain)


@app.route("/whois/safe")
def whois_safe():
    domain = request.args["domain"]
    # ok: command-injection
    return subprocess.run(["whois", domain], capture_output=True, text=True, timeout=10).stdout


@app.route("/avatar/<user_id>")
def avatar(user_id):
    # expect: path-traversal
    with open(os.path.join("/srv/dir/avatars", user_id + ".png"), "rb") as fh:
        return fh.read()


@app.route("/avatar/v2/<int:user_id>")
def avatar_int(user_id):
    # ok: path-traversal
    with open(os.path.join("/srv/dir/avatars", f"{user_id}.png"), "rb") as fh:
        return fh.read()


@app.route("/admin/sql")
def admin_sql():
    import sqlite3
    conn = sqlite3.connect("dir.db")
    # expect: sql-injection
    return jsonify(conn.executescript(request.args["script"]).fetchall())


@app.route("/welcome")
def welcome():
    # expect: xss
    return make_response("<h1>" + session.get("display", request.args.get("n", "")) + "</h1>")
