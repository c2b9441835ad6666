"""Reads the shop's settings file."""
import yaml


def load_settings(path: str) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=yaml.FullLoader)
