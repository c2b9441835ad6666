"""Orders of a customer, through a SQLAlchemy engine on the shop's SQLite database."""
from fastapi import APIRouter
from sqlalchemy import create_engine, text

router = APIRouter()
engine = create_engine("sqlite:///shop.db")


@router.get("/orders")
def list_orders(email: str, status: str = "paid"):
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT id, total FROM orders WHERE email = '{email}' AND status = '{status}' ORDER BY id"))
        return [tuple(row) for row in rows]
