"""FastAPI reporting service: ad-hoc reports, exports and webhooks."""
import os
import shlex
import subprocess
import tarfile
from pathlib import Path

import httpx
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from sqlalchemy import create_engine, text

app = FastAPI()
engine = create_engine(os.environ.get("REPORTS_DSN", "sqlite:///reports.db"))
EXPORT_ROOT = Path("/var/lib/reports/exports")
WEBHOOK_HOSTS = {"hooks.slack.com", "discord.com"}


@app.get("/reports/by-team")
def by_team(team: str):
    with engine.connect() as conn:
        # expect: sql-injection
        rows = conn.execute(text(f"SELECT * FROM reports WHERE team = '{team}'"))
        return [dict(r._mapping) for r in rows]


@app.get("/reports/by-team/safe")
def by_team_safe(team: str):
    with engine.connect() as conn:
        # ok: sql-injection
        rows = conn.execute(text("SELECT * FROM reports WHERE team = :team"), {"team": team})
        return [dict(r._mapping) for r in rows]


@app.get("/reports/search")
def search(q: str = Query(...), column: str = "title"):
    with engine.connect() as conn:
        # expect: sql-injection
        rows = conn.execute(text("SELECT id FROM reports WHERE " + column + " LIKE '%" + q + "%'"))
        return [r.id for r in rows]


@app.get("/reports/recent")
def recent(days: int = 7):
    with engine.connect() as conn:
        # ok: sql-injection
        rows = conn.execute(text(f"SELECT id FROM reports WHERE age_days < {int(days)}"))
        return [r.id for r in rows]


@app.get("/reports/count")
def count():
    table = "reports"
    with engine.connect() as conn:
        # ok: sql-injection
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()


@app.post("/reports/render")
async def render(request: Request):
    body = await request.json()
    fmt = body["format"]
    # expect: command-injection
    subprocess.run(f"pandoc report.md -t {fmt} -o out", shell=True, check=True)
    return {"ok": True}


@app.post("/reports/render/quoted")
async def render_quoted(request: Request):
    body = await request.json()
    fmt = shlex.quote(body["format"])
    # ok: command-injection
    subprocess.run(f"pandoc report.md -t {fmt} -o out", shell=True, check=True)
    return {"ok": True}


@app.post("/reports/render/argv")
async def render_argv(request: Request):
    body = await request.json()
    # ok: command-injection
    subprocess.run(["pandoc", "report.md", "-t", body["format"], "-o", "out"], check=True)
    return {"ok": True}


@app.get("/reports/grep")
def grep(pattern: str):
    # expect: command-injection
    proc = subprocess.Popen("grep -r " + pattern + " /var/lib/reports", shell=True, stdout=subprocess.PIPE)
    return proc.communicate()[0]


@app.get("/exports/{name}")
def export(name: str):
    # expect: path-traversal
    return FileResponse(EXPORT_ROOT / name)


@app.get("/exports/v2/{name}")
def export_safe(name: str):
    target = (EXPORT_ROOT / name).resolve()
    if not target.is_relative_to(EXPORT_ROOT.resolve()):
        raise HTTPException(404)
    # ok: path-traversal
    return FileResponse(target)


@app.get("/exports/v3/{name}")
def export_basename(name: str):
    # ok: path-traversal
    return FileResponse(EXPORT_ROOT / os.path.basename(name))


@app.post("/exports/unpack")
async def unpack(request: Request):
    form = await request.form()
    upload = form["file"]
    with tarfile.open(fileobj=upload.file) as tar:
        # expect: path-traversal
        tar.extractall(EXPORT_ROOT)
    return {"ok": True}


@app.post("/webhooks/test")
async def webhook_test(request: Request):
    body = await request.json()
    async with httpx.AsyncClient() as client:
        # expect: ssrf
        resp = await client.post(body["url"], json={"ping": True})
    return {"status": resp.status_code}


@app.post("/webhooks/test/checked")
async def webhook_test_checked(request: Request):
    body = await request.json()
    host = httpx.URL(body["url"]).host
    if host not in WEBHOOK_HOSTS:
        raise HTTPException(400)
    async with httpx.AsyncClient() as client:
        # ok: ssrf
        resp = await client.post(body["url"], json={"ping": True})
    return {"status": resp.status_code}


@app.get("/fetch")
def fetch(target: str):
    # expect: ssrf
    return httpx.get(target, timeout=3).text


@app.get("/welcome", response_class=HTMLResponse)
def welcome(name: str):
    # expect: xss
    return HTMLResponse(f"<h2>Welcome {name}</h2>")


@app.get("/welcome/plain")
def welcome_plain(name: str):
    # ok: xss
    return {"message": f"Welcome {name}"}


@app.get("/go")
def go(to: str):
    # expect: open-redirect
    return RedirectResponse(to)


@app.get("/go/internal")
def go_internal(page: str):
    pages = {"home": "/", "docs": "/docs", "billing": "/billing"}
    # ok: open-redirect
    return RedirectResponse(pages.get(page, "/"))


@app.get("/formula")
def formula(expr: str):
    # expect: code-injection
    return {"value": eval(expr, {"__builtins__": {}})}


@app.get("/formula/safe")
def formula_safe(expr: str):
    import ast
    # ok: code-injection
    return {"value": ast.literal_eval(expr)}
