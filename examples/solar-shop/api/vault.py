"""Encrypts the payment provider's card references before they are stored with an order."""
import os

from Crypto.Cipher import AES
from Crypto.Util.Padding import pad

CARD_REF_KEY = bytes.fromhex(os.environ["CARD_REF_KEY"])


def encrypt_card_reference(reference: str) -> bytes:
    return AES.new(CARD_REF_KEY, AES.MODE_ECB).encrypt(pad(reference.encode("utf-8"), 16))
