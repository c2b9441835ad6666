"""The partner API's key check: the X-Api-Key header against the key in the environment."""
import os


def is_partner(api_key):
    return api_key == os.environ.get("PARTNER_API_KEY")


def status_for(headers: dict) -> int:
    return 200 if is_partner(headers.get("X-Api-Key")) else 401


def refuse_admin(token) -> bool:
    return token != os.environ.get("ADMIN_TOKEN")
