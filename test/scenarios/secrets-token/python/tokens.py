"""Password-reset links and sign-in codes."""
import random
import string

ALPHABET = string.ascii_letters + string.digits


def new_reset_link(base_url: str) -> str:
    reset_token = "".join(random.choices(ALPHABET, k=32))
    return f"{base_url}/reset?token={reset_token}"


def new_login_code() -> str:
    login_code = random.randint(100000, 999999)
    return str(login_code)


def pick_recovery_word(words: list) -> str:
    recovery_code = random.choice(words)
    return recovery_code


def start_basket(response) -> None:
    """The anonymous basket a visitor's cookie points to."""
    basket_id = "".join(random.choices(ALPHABET, k=24))
    response.set_cookie("basket", basket_id, httponly=True, secure=True, samesite="lax")
