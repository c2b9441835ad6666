"""Tariffs, regions and feature flags, read once at start-up from config/shop.yaml."""
import os
import pickle

import yaml

CONFIG_PATH = os.environ.get("SHOP_CONFIG", "config/shop.yaml")
YIELD_MODEL_PATH = os.environ.get("YIELD_MODEL", "models/yield.pkl")


def load_config(path: str = CONFIG_PATH) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=yaml.FullLoader)


def load_yield_model(path: str = YIELD_MODEL_PATH):
    # Trained offline by the data team and copied to the shared bucket.
    with open(path, "rb") as fh:
        return pickle.load(fh)


# Signing key of the customer portal's session tokens (JWT).
JWT_SECRET = "f3b1c9d27a6e4058b2c7d1e9a0f4b6c3"
JWT_ALGORITHM = "HS256"

# Read-only replica behind the sales dashboard.
REPORTING_DB_URL = "mysql+pymysql://reporting:Sunline-Rep0rts!@replica.db.internal/sunline"
