"""Operations scripts run from cron and by hand (argv, env, files)."""
import argparse
import os
import pickle
import subprocess
import sys

import psycopg2
import requests
import yaml


def backup(db_name: str):
    # expect: command-injection
    os.system(f"pg_dump {db_name} > /var/backups/{db_name}.sql")


def backup_argv(db_name: str):
    with open(f"/var/backups/{db_name}.sql", "wb") as out:
        # ok: command-injection
        subprocess.run(["pg_dump", "--", db_name], stdout=out, check=True)


def rotate_logs():
    # ok: command-injection
    subprocess.run("logrotate /etc/logrotate.d/app", shell=True, check=True)


def restart(service: str):
    # expect: command-injection
    subprocess.Popen("systemctl restart " + service, shell=True).wait()


def restart_known(service: str):
    if service not in {"web", "worker", "beat"}:
        raise SystemExit("unknown service")
    # ok: command-injection
    subprocess.run(["systemctl", "restart", f"app-{service}"], check=True)


def spawn_editor(path: str):
    # expect: command-injection
    os.execl("/bin/sh", "sh", "-c", "vi " + path)


def spawn_editor_argv(path: str):
    # ok: command-injection
    os.execvp("vi", ["vi", path])


def purge(conn, table: str, days: str):
    cur = conn.cursor()
    # expect: sql-injection
    cur.execute("DELETE FROM " + table + " WHERE created < now() - interval '" + days + " days'")


def purge_safe(conn, days: int):
    cur = conn.cursor()
    # ok: sql-injection
    cur.execute("DELETE FROM audit_log WHERE created < now() - make_interval(days => %s)", (days,))


def grant(conn, role: str):
    from psycopg2 import sql
    cur = conn.cursor()
    # ok: sql-injection
    cur.execute(sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA public TO {}").format(sql.Identifier(role)))


def load_state(path: str):
    with open(path, "rb") as fh:
        # expect: deserialization
        return pickle.load(fh)


def load_inventory(path: str):
    with open(path) as fh:
        # expect: deserialization
        return yaml.load(fh)


def load_inventory_safe(path: str):
    with open(path) as fh:
        # ok: deserialization
        return yaml.load(fh, Loader=yaml.CSafeLoader)


def notify(url: str, text: str):
    # expect: ssrf
    requests.post(url, json={"text": text}, timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--hook")
    args = parser.parse_args()
    backup(args.db)
    if args.hook:
        # expect: command-injection
        subprocess.call(args.hook, shell=True)
    # expect: code-injection
    eval(sys.argv[-1])
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    purge(conn, "audit_log", "30")


if __name__ == "__main__":
    main()
