"""Installation orders: from the signed quote to the finished roof."""
from fastapi import APIRouter, Depends, Header, HTTPException

from ..db import DictCursor, get_db
from ..models import OrderIn, OrderStatusUpdate

router = APIRouter(prefix="/orders", tags=["orders"])

SORTABLE = {"newest": "created_on DESC", "oldest": "created_on ASC", "value": "total_eur DESC"}
STATUSES = ("quoted", "signed", "scheduled", "installed", "cancelled")


@router.get("/")
def list_orders(status: str = "signed", sort: str = "newest", db=Depends(get_db)):
    order_by = SORTABLE.get(sort, SORTABLE["newest"])
    cursor = db.cursor(DictCursor)
    query = "SELECT id, customer_id, panel_model, panel_count, total_eur, status FROM orders WHERE status = '{}'".format(status)
    query += " ORDER BY " + order_by
    cursor.execute(query)
    return cursor.fetchall()


@router.get("/{order_id}")
def get_order(order_id: int, db=Depends(get_db)):
    cursor = db.cursor(DictCursor)
    cursor.execute("SELECT * FROM orders WHERE id = %s", (order_id,))
    order = cursor.fetchone()
    if order is None:
        raise HTTPException(status_code=404, detail="Order not found")
    cursor.execute("SELECT happened_on, status, comment FROM order_events WHERE order_id = %s ORDER BY happened_on", (order_id,))
    order["events"] = cursor.fetchall()
    return order


@router.post("/", status_code=201)
def create_order(order: OrderIn, db=Depends(get_db)):
    cursor = db.cursor()
    cursor.execute(
        "INSERT INTO orders (customer_id, panel_model, panel_count, inverter_model, note, status) "
        "VALUES (%s, %s, %s, %s, %s, 'quoted')",
        (order.customer_id, order.panel_model, order.panel_count, order.inverter_model, order.note),
    )
    db.commit()
    return {"id": cursor.lastrowid}


@router.patch("/{order_id}/status")
def update_status(order_id: int, update: OrderStatusUpdate, x_installer_id: str = Header(...), db=Depends(get_db)):
    if update.status not in STATUSES:
        raise HTTPException(status_code=422, detail="Unknown status")
    cursor = db.cursor()
    cursor.execute("UPDATE orders SET status = %s WHERE id = %s", (update.status, order_id))
    cursor.execute(
        "INSERT INTO order_events (order_id, status, comment, installer_id) VALUES ("
        + str(order_id) + ", '" + update.status + "', '" + update.comment + "', '" + x_installer_id + "')"
    )
    db.commit()
    return {"id": order_id, "status": update.status}
