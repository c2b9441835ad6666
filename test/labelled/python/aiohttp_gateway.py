"""aiohttp gateway: proxies, image fetches, a small admin console."""
import asyncio
import json
import logging
import os
import re

import aiohttp
from aiohttp import web

log = logging.getLogger("gateway")
UPSTREAM = os.environ.get("UPSTREAM", "https://api.internal.example")
STATIC_ROOT = "/srv/gateway/static"


async def proxy(request: web.Request) -> web.Response:
    target = request.query["target"]
    async with aiohttp.ClientSession() as session:
        # expect: ssrf
        async with session.get(target) as resp:
            return web.Response(body=await resp.read())


async def proxy_upstream(request: web.Request) -> web.Response:
    path = request.match_info["path"]
    if not re.fullmatch(r"[a-z0-9/_-]+", path):
        raise web.HTTPBadRequest()
    async with aiohttp.ClientSession() as session:
        # ok: ssrf
        async with session.get(f"{UPSTREAM}/{path}") as resp:
            return web.Response(body=await resp.read())


async def static_file(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    # expect: path-traversal
    return web.FileResponse(os.path.join(STATIC_ROOT, name))


async def static_file_safe(request: web.Request) -> web.Response:
    name = os.path.basename(request.match_info["name"])
    # ok: path-traversal
    return web.FileResponse(os.path.join(STATIC_ROOT, name))


async def run_job(request: web.Request) -> web.Response:
    data = await request.post()
    # expect: command-injection
    proc = await asyncio.create_subprocess_shell("jobctl start " + data["job"])
    await proc.wait()
    return web.Response(text="started")


async def run_job_exec(request: web.Request) -> web.Response:
    data = await request.post()
    # ok: command-injection
    proc = await asyncio.create_subprocess_exec("jobctl", "start", "--", data["job"])
    await proc.wait()
    return web.Response(text="started")


async def debug_eval(request: web.Request) -> web.Response:
    code = (await request.json())["code"]
    # expect: code-injection
    exec(code, {})
    return web.Response(text="done")


async def settings_update(request: web.Request) -> web.Response:
    payload = await request.text()
    # ok: deserialization
    settings = json.loads(payload)
    return web.json_response(settings)


async def hello(request: web.Request) -> web.Response:
    name = request.query.get("name", "")
    # expect: xss
    return web.Response(text=f"<html><body>Hi {name}</body></html>", content_type="text/html")


async def hello_text(request: web.Request) -> web.Response:
    name = request.query.get("name", "")
    # ok: xss
    return web.Response(text=f"Hi {name}", content_type="text/plain")


async def bounce(request: web.Request) -> web.Response:
    # expect: open-redirect
    raise web.HTTPFound(request.query["to"])


async def login_audit(request: web.Request) -> web.Response:
    user = request.query.get("user", "")
    # expect: log-injection
    log.info("login attempt for " + user)
    return web.Response(text="ok")


async def login_audit_safe(request: web.Request) -> web.Response:
    user = request.query.get("user", "")
    # ok: log-injection
    log.info("login attempt for %r", user.replace("\n", "\\n"))
    return web.Response(text="ok")


async def set_lang(request: web.Request) -> web.Response:
    lang = request.query.get("lang", "en")
    resp = web.Response(text="ok")
    # expect: header-injection
    resp.headers["Content-Language"] = lang
    return resp


async def search_logs(request: web.Request) -> web.Response:
    pattern = request.query["pattern"]
    # expect: redos
    rx = re.compile(pattern)
    return web.json_response({"valid": bool(rx)})


async def search_logs_escaped(request: web.Request) -> web.Response:
    pattern = request.query["pattern"]
    # ok: redos
    rx = re.compile(re.escape(pattern))
    return web.json_response({"valid": bool(rx)})


def make_app() -> web.Application:
    app = web.Application()
    app.router.add_get("/proxy", proxy)
    app.router.add_get("/up/{path:.*}", proxy_upstream)
    app.router.add_get("/static/{name}", static_file)
    app.router.add_get("/static2/{name}", static_file_safe)
    app.router.add_post("/jobs", run_job)
    app.router.add_post("/jobs2", run_job_exec)
    app.router.add_post("/debug", debug_eval)
    app.router.add_post("/settings", settings_update)
    app.router.add_get("/hello", hello)
    app.router.add_get("/hello2", hello_text)
    app.router.add_get("/bounce", bounce)
    app.router.add_get("/audit", login_audit)
    app.router.add_get("/audit2", login_audit_safe)
    app.router.add_get("/lang", set_lang)
    app.router.add_get("/logs", search_logs)
    app.router.add_get("/logs2", search_logs_escaped)
    return app


if __name__ == "__main__":
    # ok: insecure-configuration
    web.run_app(make_app(), host="127.0.0.1", port=8080)
