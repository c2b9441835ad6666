"""Sign-up and sign-in against an in-memory user table."""
import hashlib

USERS: dict = {}


def hash_password(password: str) -> str:
    return hashlib.sha256(password.encode("utf-8")).hexdigest()


def sign_up(email: str, password: str) -> None:
    USERS[email] = hash_password(password)


def sign_in(email: str, password: str) -> bool:
    stored = USERS.get(email)
    if stored is None or hash_password(password) != stored:
        return False
    return True
