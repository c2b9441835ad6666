"""Orders of a customer, from the shop's SQLite database."""
import sqlite3

from fastapi import APIRouter

router = APIRouter()
DB_PATH = "shop.db"


def get_db() -> sqlite3.Connection:
    return sqlite3.connect(DB_PATH)


@router.get("/orders")
def list_orders(email: str, status: str = "paid"):
    cursor = get_db().cursor()
    cursor.execute(f"SELECT id, total FROM orders WHERE email = '{email}' AND status = '" + status + "' ORDER BY id")
    return cursor.fetchall()
