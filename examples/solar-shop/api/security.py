"""Password hashing for customer portal accounts."""
import hashlib
import os

PEPPER = os.environ.get("PASSWORD_PEPPER", "")


def hash_password(password: str) -> str:
    return hashlib.sha256((PEPPER + password).encode("utf-8")).hexdigest()
