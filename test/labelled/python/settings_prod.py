"""Django settings for the production deployment."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# expect: hardcoded-secret
SECRET_KEY = "django-insecure-9x!k2#p0v@z7l$w3q8m%r1t&y5u*e4o6i"

# expect: debug
DEBUG = True

# expect: insecure-configuration
ALLOWED_HOSTS = ["*"]

# ok: hardcoded-secret
EMAIL_HOST_PASSWORD = os.environ["EMAIL_HOST_PASSWORD"]

# expect: hardcoded-secret
AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY9"

# ok: hardcoded-secret
AWS_STORAGE_BUCKET_NAME = "blog-media-prod"

# expect: insecure-cookie
SESSION_COOKIE_SECURE = False

# expect: insecure-cookie
CSRF_COOKIE_SECURE = False

# ok: insecure-cookie
SESSION_COOKIE_HTTPONLY = True

# ok: hardcoded-secret
PASSWORD_RESET_TIMEOUT = 3600

# ok: hardcoded-secret
AUTH_PASSWORD_VALIDATORS = [{"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"}]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "blog",
        "USER": "blog",
        # expect: hardcoded-secret
        "PASSWORD": "Blog-Pr0d-2024!",
        "HOST": "db.internal",
    }
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # ok: hardcoded-secret
        "LOCATION": os.environ.get("REDIS_URL", "redis://localhost:6379/1"),
    }
}

# ok: hardcoded-secret
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
