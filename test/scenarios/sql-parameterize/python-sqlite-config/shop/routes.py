"""Orders of a customer."""
from fastapi import APIRouter, Depends

from .db import get_db

router = APIRouter()


@router.get("/orders")
def list_orders(email: str, status: str = "paid", db=Depends(get_db)):
    cursor = db.cursor()
    cursor.execute(f"SELECT id, total FROM orders WHERE email = '{email}' AND status = '{status}' ORDER BY id")
    return [tuple(row) for row in cursor.fetchall()]
