"""Customer sign-in and checkout (FastAPI with Starlette's SessionMiddleware)."""
import secrets

from fastapi import APIRouter, Form, HTTPException, Request

router = APIRouter()
CUSTOMERS = {
    "ada@example.com": {"id": 1, "password": "pv-panel-42", "address": "Seestrasse 1, Zürich"},
    "zoe@example.com": {"id": 2, "password": "inverter-7", "address": "Rheinweg 9, Basel"},
}


@router.post("/ship-to")
async def ship_to(request: Request, address: str = Form(...)):
    request.session["ship_to"] = address
    return {"ship_to": address}


@router.post("/login")
async def login(request: Request, email: str = Form(...), password: str = Form(...)):
    customer = CUSTOMERS.get(email)
    if customer is None or not secrets.compare_digest(password.encode(), customer["password"].encode()):
        raise HTTPException(status_code=401, detail="Wrong email or password")
    request.session["customer_id"] = customer["id"]
    return {"signed_in": email}


@router.post("/checkout")
async def checkout(request: Request):
    customer = next((c for c in CUSTOMERS.values() if c["id"] == request.session.get("customer_id")), None)
    if customer is None:
        raise HTTPException(status_code=401)
    return {"customer": customer["id"], "ship_to": request.session.get("ship_to", customer["address"])}
