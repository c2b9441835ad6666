"""Back-office staff lookup in the company directory, and sales report downloads."""
from fastapi import APIRouter, Depends, Response
from ldap3 import Connection, Server

from ..db import get_db
from ..security import require_staff

router = APIRouter(prefix="/staff", tags=["staff"])
conn = Connection(Server("ldap://directory.internal"), auto_bind=True)


@router.get("/lookup")
def lookup(username: str, staff_id: int = Depends(require_staff)):
    conn.search("ou=staff,dc=sunline,dc=example", f"(uid={username})", attributes=["cn", "mail"])
    return [{"name": str(entry.cn), "mail": str(entry.mail)} for entry in conn.entries]


@router.get("/reports/{report_name}")
def download_report(report_name: str, response: Response, db=Depends(get_db)):
    cursor = db.cursor()
    cursor.execute("SELECT sku, SUM(panel_count) FROM orders GROUP BY sku")
    response.headers["Content-Disposition"] = f'attachment; filename="{report_name}.csv"'
    return "\n".join(f"{sku},{count}" for sku, count in cursor.fetchall())


@router.delete("/accounts/{username}")
def remove_account(username: str):
    conn.delete(f"uid={username},ou=staff,dc=sunline,dc=example")
    return {"removed": username}
