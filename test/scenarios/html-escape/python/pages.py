"""The thank-you page after a review."""
from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter()


@router.get("/thanks", response_class=HTMLResponse)
def thanks(name: str):
    return HTMLResponse(f"<h1>Thank you for your review, {name}!</h1>")
