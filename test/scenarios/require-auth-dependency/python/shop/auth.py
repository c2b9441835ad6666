"""Bearer tokens of the signed-in customers."""
from fastapi import Header, HTTPException

TOKENS = {"t-ada": "ada@example.com", "t-zoe": "zoë@example.com"}


def get_current_user(authorization: str | None = Header(default=None)) -> str:
    token = (authorization or "").removeprefix("Bearer ")
    if token not in TOKENS:
        raise HTTPException(status_code=401, detail="sign in first")
    return TOKENS[token]
