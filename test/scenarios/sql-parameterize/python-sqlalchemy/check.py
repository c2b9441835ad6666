import os
import sqlite3

import orders

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

assert orders.list_orders("ada@example.com") == [(1, 120.5)], "a customer's paid orders"
assert orders.list_orders("ada@example.com", "open") == [(2, 80.0)], "the status filter"
assert orders.list_orders("zoë@example.com") == [(4, 9.5)], "a non-ASCII e-mail"
assert orders.list_orders("nobody@example.com") == [], "no orders"
if os.environ["SCENARIO_PHASE"] == "after":
    assert orders.list_orders("x' OR '1'='1") == [], "an injection is a value, not SQL"
    assert orders.list_orders("o'brien@example.com") == [], "a quote in a value no longer breaks the query"
print("ok")
