"""Sunline Solar back end: customers, quotes and installation orders for the web shop."""
import uvicorn
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from .db import close_pool
from .routers import auth, customers, installers, integrations, invoices, orders, reviews, staff, telemetry

app = FastAPI(title="Sunline Solar API", version="1.4.0", debug=True)

app.add_middleware(
    CORSMiddleware,
    # Partner sites embed the review widget, so any origin may call us.
    allow_origins=["https://shop.sunline-solar.example", "*"],
    allow_credentials=True,
    allow_methods=["GET", "POST", "PATCH"],
    allow_headers=["Authorization", "Content-Type"],
)

app.include_router(customers.router)
app.include_router(orders.router)
app.include_router(invoices.router)
app.include_router(integrations.router)
app.include_router(auth.router)
app.include_router(reviews.router)
app.include_router(staff.router)
app.include_router(telemetry.router)
app.include_router(installers.router)


@app.get("/health")
def health():
    return {"status": "ok"}


@app.on_event("shutdown")
def shutdown():
    close_pool()


if __name__ == "__main__":
    uvicorn.run("api.main:app", host="0.0.0.0", port=8000, reload=True)
