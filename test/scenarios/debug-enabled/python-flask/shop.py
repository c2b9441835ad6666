"""The shop's Flask application."""
from flask import Flask, jsonify

app = Flask(__name__)
app.debug = True

ORDERS = {1: {"id": 1, "total_cents": 12050}}


@app.get("/health")
def health():
    return jsonify(status="ok")


@app.get("/orders/<int:order_id>")
def order(order_id):
    return jsonify(ORDERS[order_id])  # an unknown id is a bug here: a 500
