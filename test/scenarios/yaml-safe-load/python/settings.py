"""Reads the shop's settings file."""
import yaml


def load_settings(path: str) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=yaml.FullLoader)


def load_profiles(path: str) -> list:
    """One YAML document per installer profile."""
    with open(path, encoding="utf-8") as fh:
        return list(yaml.load_all(fh, Loader=yaml.FullLoader))


def parse_catalogue(text: str) -> dict:
    """The supplier's catalogue, sent as YAML."""
    return yaml.unsafe_load(text)


def parse_price_lists(text: str) -> list:
    """One YAML document per supplier price list."""
    return list(yaml.unsafe_load_all(text))
