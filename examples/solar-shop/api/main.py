"""Sunline Solar back end: customers, quotes and installation orders for the web shop."""
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from .db import close_pool
from .routers import customers, orders

app = FastAPI(title="Sunline Solar API", version="1.4.0")

app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://shop.sunline-solar.example"],
    allow_methods=["GET", "POST", "PATCH"],
    allow_headers=["Authorization", "Content-Type"],
)

app.include_router(customers.router)
app.include_router(orders.router)


@app.get("/health")
def health():
    return {"status": "ok"}


@app.on_event("shutdown")
def shutdown():
    close_pool()
