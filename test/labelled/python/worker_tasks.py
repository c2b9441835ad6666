"""Celery-style worker tasks: they get their arguments from the queue."""
import importlib
import os
import subprocess
import tempfile

import dill
import jsonpickle
import requests
import torch
import yaml


def convert_document(src: str, fmt: str) -> None:
    # expect: command-injection
    subprocess.run("libreoffice --headless --convert-to " + fmt + " " + src, shell=True, check=True)


def convert_document_argv(src: str, fmt: str) -> None:
    # ok: command-injection
    subprocess.run(["libreoffice", "--headless", "--convert-to", fmt, src], check=True)


def restore_job(payload: bytes):
    # expect: deserialization
    return dill.loads(payload)


def restore_job_json(payload: str):
    # expect: deserialization
    return jsonpickle.decode(payload)


def load_model(path: str):
    # expect: deserialization
    return torch.load(path)


def load_model_weights(path: str):
    # ok: deserialization
    return torch.load(path, weights_only=True)


def load_task_module(name: str):
    # expect: code-injection
    return importlib.import_module(name)


def load_task_module_known(name: str):
    allowed = {"tasks.email": "tasks.email", "tasks.export": "tasks.export"}
    # ok: code-injection
    return importlib.import_module(allowed[name])


def run_formula(formula: str, row: dict):
    # expect: code-injection
    return eval(formula, {}, row)


def callback(url: str, result: dict) -> None:
    # expect: ssrf
    requests.post(url, json=result, timeout=10)


def callback_fixed(result: dict) -> None:
    # ok: ssrf
    requests.post("https://hooks.example.com/worker", json=result, timeout=10)


def export_rows(rows: list[str]) -> str:
    # expect: insecure-temp-file
    path = os.path.join("/tmp", "export.csv")
    with open(path, "w") as fh:
        fh.write("\n".join(rows))
    return path


def export_rows_safe(rows: list[str]) -> str:
    # ok: insecure-temp-file
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as fh:
        fh.write("\n".join(rows))
        return fh.name


def sync_config(text: str):
    # expect: deserialization
    return yaml.load(text, Loader=yaml.UnsafeLoader)


def sync_config_safe(text: str):
    # ok: deserialization
    return yaml.load(text, Loader=yaml.BaseLoader)


def pg_restore(dump: str, db: str) -> None:
    # expect: command-injection
    subprocess.check_call(f"pg_restore -d {db} {dump}", shell=True)


def fetch_rates() -> dict:
    # ok: ssrf
    return requests.get("https://api.exchangerate.example/latest", timeout=5).json()
