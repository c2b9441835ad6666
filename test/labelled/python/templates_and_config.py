"""Rendering helpers and app factory of a Flask + Jinja2 service."""
import os

import jinja2
from flask import Flask, Markup, request
from jinja2 import Environment, FileSystemLoader, Template, select_autoescape
from mako.template import Template as MakoTemplate
from markupsafe import escape


def make_env():
    # expect: xss
    return Environment(loader=FileSystemLoader("templates"), autoescape=False)


def make_env_default():
    # expect: xss
    return jinja2.Environment(loader=jinja2.FileSystemLoader("templates"))


def make_env_good():
    # ok: xss
    return Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape(["html", "xml"]))


def make_env_text():
    # ok: xss
    return Environment(loader=FileSystemLoader("emails"), autoescape=True)


def render_mako(name: str) -> str:
    # expect: xss
    return MakoTemplate("<p>${name}</p>").render(name=name)


def render_user_template(source: str, ctx: dict) -> str:
    # expect: template-injection
    return Template(source).render(**ctx)


def render_fixed_template(ctx: dict) -> str:
    # ok: template-injection
    return Template("Hello {{ name }}").render(**ctx)


def highlight(term: str) -> Markup:
    # expect: xss
    return Markup("<mark>" + term + "</mark>")


def highlight_escaped(term: str) -> Markup:
    # ok: xss
    return Markup("<mark>") + escape(term) + Markup("</mark>")


def create_app() -> Flask:
    app = Flask(__name__)
    # expect: hardcoded-secret
    app.config["SECRET_KEY"] = "change-me-please-4f9a1c"
    # ok: hardcoded-secret
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    # expect: insecure-configuration
    app.config["WTF_CSRF_ENABLED"] = False
    # ok: insecure-configuration
    app.config["WTF_CSRF_TIME_LIMIT"] = 3600
    # expect: insecure-cookie
    app.config.update(SESSION_COOKIE_SECURE=False)

    @app.route("/search")
    def search():
        q = request.args.get("q", "")
        # expect: xss
        return f"<p>No results for {q}</p>"

    @app.route("/search/safe")
    def search_safe():
        q = request.args.get("q", "")
        # ok: xss
        return f"<p>No results for {escape(q)}</p>"

    return app


def create_dev_app() -> Flask:
    app = create_app()
    # ok: hardcoded-secret
    app.config["SECRET_KEY"] = os.urandom(32)
    return app


if __name__ == "__main__":
    application = create_app()
    # expect: debug
    application.run(debug=True, host="0.0.0.0")


def serve_local():
    application = create_app()
    # ok: debug
    application.run(debug=os.environ.get("FLASK_DEBUG") == "1", host="127.0.0.1")


def check_admin(user):
    # expect: assert-access-check
    assert user.is_admin, "admins only"
    return True


def check_admin_good(user):
    if not user.is_admin:
        raise PermissionError("admins only")
    # ok: assert-access-check
    return True
