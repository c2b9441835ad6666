"""The shop's API application."""
from fastapi import FastAPI

app = FastAPI(title="Solar shop", debug=True)


@app.get("/health")
def health():
    return {"status": "ok"}


@app.get("/orders/{order_id}")
def order(order_id: int):
    orders = {1: {"id": 1, "total_cents": 12050}}
    return orders[order_id]  # an unknown id is a bug here: a 500
