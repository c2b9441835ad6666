import os
import sqlite3

from shop import db as database
from shop import routes

db = sqlite3.connect("shop.db")
db.executescript(
    """
    DROP TABLE IF EXISTS orders;
    CREATE TABLE orders (id INTEGER PRIMARY KEY, email TEXT, status TEXT, total REAL);
    INSERT INTO orders (email, status, total) VALUES
      ('ada@example.com', 'paid', 120.5), ('ada@example.com', 'open', 80.0),
      ('bob@example.com', 'paid', 42.0), ('zoë@example.com', 'paid', 9.5);
    """
)
db.commit()


def orders(email: str, status: str = "paid") -> list:
    return routes.list_orders(email, status, db=database.get_db())


assert orders("ada@example.com") == [(1, 120.5)], orders("ada@example.com")
assert orders("ada@example.com", "open") == [(2, 80.0)], "the status filter"
assert orders("zoë@example.com") == [(4, 9.5)], "a non-ASCII e-mail"
assert orders("nobody@example.com") == [], "no orders"
if os.environ["SCENARIO_PHASE"] == "after":
    assert orders("x' OR '1'='1") == [], "an injection is a value, not SQL"
print("ok")
