"""MySQL connections of the routers (PyMySQL): one per request."""
import os
from typing import Iterator

import pymysql
from pymysql.cursors import DictCursor

__all__ = ["DictCursor", "close_pool", "connect", "get_db", "order_by"]


def connect() -> pymysql.connections.Connection:
    return pymysql.connect(
        host=os.environ.get("DB_HOST", "localhost"),
        port=int(os.environ.get("DB_PORT", "3306")),
        user=os.environ.get("DB_USER", "sunline_api"),
        password=os.environ["DB_PASSWORD"],
        database=os.environ.get("DB_NAME", "sunline"),
        charset="utf8mb4",
    )


def get_db() -> Iterator[pymysql.connections.Connection]:
    """FastAPI dependency: one connection per request, closed afterwards."""
    conn = connect()
    try:
        yield conn
    finally:
        conn.close()


def order_by(column: str, descending: bool = False) -> str:
    """ORDER BY clause of the dashboards' sortable tables."""
    return f"ORDER BY {column} {'DESC' if descending else 'ASC'}"


def close_pool() -> None:
    # Connections are closed after each request; nothing is left open at shutdown.
    pass
