import os

from fastapi import FastAPI
from fastapi.testclient import TestClient

from shop import orders

app = FastAPI()
app.include_router(orders.router)
client = TestClient(app)
ada = {"Authorization": "Bearer t-ada"}

assert client.get("/orders/1", headers=ada).json()["status"] == "open"
assert client.get("/orders/1").status_code == 401, "a read without credentials"
assert client.get("/orders/2", headers=ada).status_code == 404, "another customer's order"

# Signed in, the cancel answers as it did.
assert client.delete("/orders/1", headers=ada).json() == {"cancelled": 1}
assert client.get("/orders/1", headers=ada).json()["status"] == "cancelled"
assert client.delete("/orders/9", headers=ada).status_code == 404

# Without credentials: before, anyone cancels an order; after, a 401 and the order stays open.
anonymous = client.delete("/orders/2")
if os.environ["SCENARIO_PHASE"] == "before":
    assert anonymous.status_code == 200 and orders.ORDERS[2]["status"] == "cancelled", anonymous.text
else:
    assert anonymous.status_code == 401 and orders.ORDERS[2]["status"] == "open", anonymous.text
    assert client.delete("/orders/2", headers={"Authorization": "Bearer forged"}).status_code == 401
print("ok")
