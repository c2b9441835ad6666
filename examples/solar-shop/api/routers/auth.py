"""Customer portal login: email + password, then back to the page the customer came from."""
from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from ..db import get_db
from ..security import hash_password

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/login")
def login(request: Request, email: str = Form(...), password: str = Form(...), next: str = Form("/account"), db=Depends(get_db)):
    cursor = db.cursor(dictionary=True)
    cursor.execute("SELECT id, password_hash FROM customers WHERE email = %s", (email,))
    customer = cursor.fetchone()
    if customer is None or customer["password_hash"] != hash_password(password):
        raise HTTPException(status_code=401, detail="Wrong email or password")
    request.session["customer_id"] = customer["id"]
    return RedirectResponse(next, status_code=303)
