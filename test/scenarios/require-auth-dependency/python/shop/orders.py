"""Installation orders: each customer's own."""
from fastapi import APIRouter, Depends, HTTPException

from .auth import get_current_user

router = APIRouter(prefix="/orders")
ORDERS = {1: {"id": 1, "owner": "ada@example.com", "status": "open"}, 2: {"id": 2, "owner": "zoë@example.com", "status": "open"}}


@router.get("/{order_id}")
def get_order(order_id: int, user: str = Depends(get_current_user)):
    order = ORDERS.get(order_id)
    if order is None or order["owner"] != user:
        raise HTTPException(status_code=404)
    return order


@router.delete("/{order_id}")
def cancel_order(order_id: int):
    if order_id not in ORDERS:
        raise HTTPException(status_code=404)
    ORDERS[order_id]["status"] = "cancelled"
    return {"cancelled": order_id}
