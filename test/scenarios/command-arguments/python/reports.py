"""Echoes the report arguments (the real tool takes the same ones)."""
import subprocess

from fastapi import APIRouter

router = APIRouter()


@router.get("/reports/args")
def report_args(folder: str, pattern: str = "*.txt"):
    result = subprocess.run(f"echo {folder} {pattern}", shell=True, capture_output=True, text=True, check=True)
    return result.stdout
