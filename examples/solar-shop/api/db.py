"""MySQL connection pool shared by the routers."""
import os
from typing import Iterator

import mysql.connector
from mysql.connector import pooling

_pool = pooling.MySQLConnectionPool(
    pool_name="sunline",
    pool_size=int(os.environ.get("DB_POOL_SIZE", "8")),
    host=os.environ.get("DB_HOST", "localhost"),
    port=int(os.environ.get("DB_PORT", "3306")),
    user=os.environ.get("DB_USER", "sunline_api"),
    password=os.environ["DB_PASSWORD"],
    database=os.environ.get("DB_NAME", "sunline"),
)


def get_db() -> Iterator[mysql.connector.MySQLConnection]:
    """FastAPI dependency: one pooled connection per request, returned to the pool afterwards."""
    conn = _pool.get_connection()
    try:
        yield conn
    finally:
        conn.close()


def order_by(column: str, descending: bool = False) -> str:
    """ORDER BY clause of the dashboards' sortable tables."""
    return f"ORDER BY {column} {'DESC' if descending else 'ASC'}"


def close_pool() -> None:
    # mysql-connector has no pool shutdown; connections close when the process exits.
    pass
