"""Signs a customer in with a session cookie."""
import secrets

from fastapi import APIRouter, Cookie, Response

router = APIRouter()
SESSIONS: dict[str, str] = {}


@router.post("/login")
def login(email: str, response: Response):
    token = secrets.token_urlsafe(16)
    SESSIONS[token] = email
    response.set_cookie("session", token, max_age=3600)
    return {"signed_in": email}


@router.get("/me")
def me(session: str | None = Cookie(default=None)):
    return {"email": SESSIONS.get(session or "")}
