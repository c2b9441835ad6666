"""The shop's audit trail: failed sign-ins, order notes and searches, one log line each."""
import logging

from fastapi import APIRouter, Request

router = APIRouter()
logger = logging.getLogger("shop.audit")


@router.post("/login/failed", status_code=401)
def login_failed(email: str):
    logger.warning(f"failed login for {email}")
    return {"ok": False}


@router.post("/orders/{order_id}/note")
def order_note(order_id: int, note: str):
    logger.info("note on order " + str(order_id) + ": " + note)
    return {"ok": True}


@router.get("/search")
def search(term: str):
    logger.info("search: {}".format(term))
    return []


@router.get("/client")
def client(request: Request):
    logger.info(request.headers.get("X-Client"))
    return {}
