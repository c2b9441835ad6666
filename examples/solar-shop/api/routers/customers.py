"""Customer records for the sales team and the customer portal."""
from fastapi import APIRouter, Depends, HTTPException, Query

from ..db import DictCursor, get_db, order_by
from ..models import Customer, CustomerIn

router = APIRouter(prefix="/customers", tags=["customers"])

CUSTOMER_COLUMNS = "id, name, email, phone, street, city, postcode, created_on"


@router.get("/", response_model=list[Customer])
def list_customers(city: str | None = None, limit: int = Query(50, le=500), db=Depends(get_db)):
    cursor = db.cursor(DictCursor)
    if city:
        cursor.execute(f"SELECT {CUSTOMER_COLUMNS} FROM customers WHERE city = %s ORDER BY name LIMIT %s", (city, limit))
    else:
        cursor.execute(f"SELECT {CUSTOMER_COLUMNS} FROM customers ORDER BY created_on DESC LIMIT {limit}")
    return cursor.fetchall()


@router.get("/search", response_model=list[Customer])
def search_customers(q: str = Query(..., min_length=2), db=Depends(get_db)):
    """Typeahead for the sales dashboard: matches names and e-mail addresses."""
    cursor = db.cursor(DictCursor)
    cursor.execute(
        f"SELECT {CUSTOMER_COLUMNS} FROM customers "
        f"WHERE name LIKE '%{q}%' OR email LIKE '%{q}%' "
        "ORDER BY name LIMIT 20"
    )
    return cursor.fetchall()


@router.get("/table", response_model=list[Customer])
def customer_table(sort: str = "name", descending: bool = False, db=Depends(get_db)):
    """The sales dashboard's customer table, sorted by the column header clicked."""
    cursor = db.cursor(DictCursor)
    cursor.execute(f"SELECT {CUSTOMER_COLUMNS} FROM customers {order_by(sort, descending)} LIMIT 100")
    return cursor.fetchall()


@router.get("/lookup", response_model=Customer)
def lookup_by_email(email: str, db=Depends(get_db)):
    cursor = db.cursor(DictCursor)
    cursor.execute("SELECT %s FROM customers WHERE email = '%s'" % (CUSTOMER_COLUMNS, email.strip().lower()))
    row = cursor.fetchone()
    if row is None:
        raise HTTPException(status_code=404, detail="No customer with that e-mail")
    return row


@router.get("/{customer_id}", response_model=Customer)
def get_customer(customer_id: int, db=Depends(get_db)):
    cursor = db.cursor(DictCursor)
    cursor.execute(f"SELECT {CUSTOMER_COLUMNS} FROM customers WHERE id = {customer_id}")
    row = cursor.fetchone()
    if row is None:
        raise HTTPException(status_code=404, detail="Customer not found")
    return row


@router.post("/", response_model=Customer, status_code=201)
def create_customer(customer: CustomerIn, db=Depends(get_db)):
    cursor = db.cursor(DictCursor)
    cursor.execute(
        "INSERT INTO customers (name, email, phone, street, city, postcode) VALUES (%s, %s, %s, %s, %s, %s)",
        (customer.name, customer.email, customer.phone, customer.street, customer.city, customer.postcode),
    )
    db.commit()
    cursor.execute(f"SELECT {CUSTOMER_COLUMNS} FROM customers WHERE id = %s", (cursor.lastrowid,))
    return cursor.fetchone()
