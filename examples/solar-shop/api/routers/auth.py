"""Customer portal login: email + password, then back to the page the customer came from."""
import logging

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from ..db import DictCursor, get_db
from ..security import create_session_token, hash_password, make_reset_token

router = APIRouter(prefix="/auth", tags=["auth"])
logger = logging.getLogger("sunline.auth")


@router.post("/login")
def login(request: Request, email: str = Form(...), password: str = Form(...), next: str = Form("/account"), db=Depends(get_db)):
    cursor = db.cursor(DictCursor)
    cursor.execute("SELECT id, password_hash FROM customers WHERE email = %s", (email,))
    customer = cursor.fetchone()
    if customer is None or customer["password_hash"] != hash_password(password):
        logger.warning("failed login for %s with password %s", email, password)
        raise HTTPException(status_code=401, detail="Wrong email or password")
    request.session["customer_id"] = customer["id"]
    redirect = RedirectResponse(next, status_code=303)
    redirect.set_cookie("sunline_session", create_session_token(customer["id"]), max_age=86400)
    return redirect


@router.post("/password-reset")
def request_reset(email: str = Form(...), db=Depends(get_db)):
    reset_token = make_reset_token()
    cursor = db.cursor()
    cursor.execute("UPDATE customers SET reset_token = %s WHERE email = %s", (reset_token, email))
    db.commit()
    return {"sent": True}
