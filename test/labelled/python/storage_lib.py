"""A small storage library (no web framework): helpers other code calls with its own values."""
import marshal
import os
import pickle
import shelve
import sqlite3
import subprocess
import tarfile
import urllib.request
import zipfile

import yaml


def load_snapshot(blob: bytes):
    # expect: deserialization
    return pickle.loads(blob)


def load_snapshot_file(path: str):
    with open(path, "rb") as fh:
        # expect: deserialization
        return pickle.load(fh)


def load_code_object(blob: bytes):
    # expect: deserialization
    return marshal.loads(blob)


def open_shelf(path: str):
    # expect: deserialization
    return shelve.open(path)


def read_config(text: str):
    # expect: deserialization
    return yaml.load(text, Loader=yaml.FullLoader)


def read_config_unsafe(text: str):
    # expect: deserialization
    return yaml.unsafe_load(text)


def read_config_safe(text: str):
    # ok: deserialization
    return yaml.load(text, Loader=yaml.SafeLoader)


def read_config_safe2(text: str):
    # ok: deserialization
    return yaml.safe_load(text)


def dump_snapshot(obj) -> bytes:
    # ok: deserialization
    return pickle.dumps(obj)


def run_hook(command: str) -> int:
    # expect: command-injection
    return subprocess.call(command, shell=True)


def run_hook_logged(command: str) -> str:
    # expect: command-injection
    return subprocess.check_output(command, shell=True, text=True)


def run_tool(tool: str, *args: str) -> int:
    # expect: command-injection
    return os.system(tool + " " + " ".join(args))


def spawn(cmdline: str):
    # expect: command-injection
    return os.popen(cmdline).read()


def run_argv(argv: list[str]) -> int:
    # ok: command-injection
    return subprocess.call(argv)


def disk_usage() -> str:
    # ok: command-injection
    return subprocess.check_output("df -h /", shell=True, text=True)


def count_rows(conn: sqlite3.Connection, table: str) -> int:
    # expect: sql-injection
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def delete_user(conn: sqlite3.Connection, user_id: str) -> None:
    # expect: sql-injection
    conn.execute("DELETE FROM users WHERE id = " + user_id)


def find_user(conn: sqlite3.Connection, name: str):
    # expect: sql-injection (2 lines)
    sql = "SELECT * FROM users WHERE name = '{}'".format(name)
    return conn.execute(sql).fetchall()


def find_user_safe(conn: sqlite3.Connection, name: str):
    # ok: sql-injection
    return conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchall()


def find_many(conn: sqlite3.Connection, ids: list[int]):
    placeholders = ", ".join(["?"] * len(ids))
    # ok: sql-injection
    return conn.execute(f"SELECT * FROM users WHERE id IN ({placeholders})", ids).fetchall()


def rename_column(conn: sqlite3.Connection) -> None:
    # ok: sql-injection
    conn.execute("ALTER TABLE users RENAME COLUMN fullname TO name")


def evaluate(expression: str, env: dict):
    # expect: code-injection
    return eval(expression, env)


def run_plugin(source: str) -> None:
    # expect: code-injection
    exec(compile(source, "<plugin>", "exec"))


def evaluate_literal(text: str):
    import ast
    # ok: code-injection
    return ast.literal_eval(text)


def fixed_eval():
    # ok: code-injection
    return eval("1 + 2")


def read_file(base: str, name: str) -> str:
    # expect: path-traversal
    with open(os.path.join(base, name)) as fh:
        return fh.read()


def extract(archive: str, dest: str) -> None:
    with tarfile.open(archive) as tar:
        # expect: path-traversal
        tar.extractall(dest)


def extract_filtered(archive: str, dest: str) -> None:
    with tarfile.open(archive) as tar:
        # ok: path-traversal
        tar.extractall(dest, filter="data")


def extract_zip(archive: str, dest: str) -> None:
    with zipfile.ZipFile(archive) as zf:
        # ok: path-traversal
        zf.extractall(dest)


def download(url: str) -> bytes:
    # expect: ssrf
    return urllib.request.urlopen(url).read()


def download_fixed() -> bytes:
    # ok: ssrf
    return urllib.request.urlopen("https://pypi.org/simple/").read()
