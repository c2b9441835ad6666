"""Reads the shop's settings file."""
import yaml


def load_settings(path: str) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=yaml.FullLoader)


def load_profiles(path: str) -> list:
    """One YAML document per installer profile."""
    with open(path, encoding="utf-8") as fh:
        return list(yaml.load_all(fh, Loader=yaml.FullLoader))
