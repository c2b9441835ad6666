"""Account security helpers: tokens, password hashing, signatures, encryption at rest."""
import hashlib
import hmac
import os
import random
import secrets
import string
import uuid
import zlib

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from Crypto.Cipher import AES, DES

ALPHABET = string.ascii_letters + string.digits


def password_hash(password: str) -> str:
    # expect: weak-crypto
    return hashlib.md5(password.encode()).hexdigest()


def password_hash_sha1(password: str, salt: str) -> str:
    # expect: weak-crypto
    return hashlib.sha1((salt + password).encode()).hexdigest()


def password_hash_new(password: str) -> str:
    # expect: weak-crypto
    return hashlib.new("md5", password.encode()).hexdigest()


def password_hash_good(password: str, salt: bytes) -> bytes:
    # ok: weak-crypto
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)


def signature(secret: bytes, body: bytes) -> str:
    # expect: weak-crypto
    return hmac.new(secret, body, hashlib.md5).hexdigest()


def signature_good(secret: bytes, body: bytes) -> str:
    # ok: weak-crypto
    return hmac.new(secret, body, hashlib.sha256).hexdigest()


def etag(content: bytes) -> str:
    # ok: weak-crypto
    return hashlib.sha1(content, usedforsecurity=False).hexdigest()


def cache_key(url: str) -> str:
    # ok: weak-crypto
    return hashlib.sha256(url.encode()).hexdigest()[:16]


def checksum(data: bytes) -> int:
    # ok: weak-crypto
    return zlib.crc32(data)


def encrypt_legacy(key: bytes, data: bytes) -> bytes:
    # expect: weak-crypto
    cipher = DES.new(key, DES.MODE_ECB)
    return cipher.encrypt(data)


def encrypt_ecb(key: bytes, data: bytes) -> bytes:
    # expect: weak-crypto
    cipher = AES.new(key, AES.MODE_ECB)
    return cipher.encrypt(data)


def encrypt_gcm(key: bytes, data: bytes):
    # ok: weak-crypto
    cipher = AES.new(key, AES.MODE_GCM)
    return cipher.encrypt_and_digest(data)


def encrypt_hazmat_ecb(key: bytes, block: bytes) -> bytes:
    # expect: weak-crypto
    enc = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return enc.update(block) + enc.finalize()


def encrypt_hazmat_cbc(key: bytes, block: bytes) -> bytes:
    iv = os.urandom(16)
    # ok: weak-crypto
    enc = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return iv + enc.update(block) + enc.finalize()


def encrypt_arc4(key: bytes, data: bytes) -> bytes:
    # expect: weak-crypto
    enc = Cipher(algorithms.ARC4(key), mode=None).encryptor()
    return enc.update(data)


def small_rsa():
    # expect: weak-crypto
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)


def good_rsa():
    # ok: weak-crypto
    return rsa.generate_private_key(public_exponent=65537, key_size=3072)


def small_dsa():
    # expect: weak-crypto
    return dsa.generate_private_key(key_size=1024)


def small_ec():
    # expect: weak-crypto
    return ec.generate_private_key(ec.SECT163K1())


def good_ec():
    # ok: weak-crypto
    return ec.generate_private_key(ec.SECP384R1())


def fingerprint(pub: bytes) -> bytes:
    h = hashes.Hash(hashes.SHA256())
    h.update(pub)
    # ok: weak-crypto
    return h.finalize()


def reset_code() -> str:
    # expect: weak-random
    return "".join(random.choice(string.digits) for _ in range(6))


def api_token() -> str:
    # expect: weak-random
    return "".join(random.choices(ALPHABET, k=32))


def session_id() -> str:
    # expect: weak-random
    return str(random.getrandbits(128))


def temp_password() -> str:
    # expect: weak-random
    password = "".join(random.sample(ALPHABET, 12))
    return password


def salt() -> bytes:
    # expect: weak-random
    return bytes(random.randint(0, 255) for _ in range(16))


def api_token_good() -> str:
    # ok: weak-random
    return secrets.token_urlsafe(32)


def reset_code_good() -> str:
    # ok: weak-random
    return "".join(secrets.choice(string.digits) for _ in range(6))


def retry_jitter(attempt: int) -> float:
    # ok: weak-random
    return min(30.0, 2 ** attempt) + random.uniform(0, 1)


def shuffle_banner(banners: list[str]) -> list[str]:
    # ok: weak-random
    random.shuffle(banners)
    return banners


def sample_for_ab_test(user_ids: list[int]) -> list[int]:
    # ok: weak-random
    return random.sample(user_ids, k=min(100, len(user_ids)))


def request_id() -> str:
    # ok: weak-random
    return uuid.uuid4().hex


def compare_token(given: str, expected: str) -> bool:
    # expect: insecure-compare
    return given == expected


def compare_token_good(given: str, expected: str) -> bool:
    # ok: insecure-compare
    return hmac.compare_digest(given, expected)
