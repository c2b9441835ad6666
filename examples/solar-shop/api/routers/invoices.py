"""Invoices: rendered to PDF with wkhtmltopdf, downloaded by customers from the portal."""
import os
import subprocess

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import FileResponse

from ..db import DictCursor, get_db

router = APIRouter(prefix="/invoices", tags=["invoices"])

INVOICE_DIR = os.environ.get("INVOICE_DIR", "/srv/sunline/invoices")


@router.post("/{order_id}/pdf")
def render_invoice(order_id: int, paper: str = "A4", db=Depends(get_db)):
    cursor = db.cursor(DictCursor)
    cursor.execute("SELECT id FROM orders WHERE id = %s", (order_id,))
    if cursor.fetchone() is None:
        raise HTTPException(status_code=404, detail="Order not found")
    html = os.path.join(INVOICE_DIR, f"{order_id}.html")
    pdf = os.path.join(INVOICE_DIR, f"{order_id}.pdf")
    subprocess.run(f"wkhtmltopdf --page-size {paper} {html} {pdf}", shell=True, check=True)
    return {"pdf": f"/invoices/{order_id}/download"}


@router.get("/files/{name}")
def download_invoice(name: str):
    path = os.path.join(INVOICE_DIR, name)
    if not os.path.exists(path):
        raise HTTPException(status_code=404, detail="Invoice not found")
    return FileResponse(path, media_type="application/pdf")
