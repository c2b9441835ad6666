"""Request and response bodies."""
from datetime import date
from decimal import Decimal
from typing import Optional

from pydantic import BaseModel, EmailStr, Field


class CustomerIn(BaseModel):
    name: str = Field(..., max_length=120)
    email: EmailStr
    phone: Optional[str] = None
    street: str
    city: str
    postcode: str


class Customer(CustomerIn):
    id: int
    created_on: date


class QuoteRequest(BaseModel):
    roof_area_m2: Decimal
    orientation: str = "south"
    battery: bool = False


class OrderIn(BaseModel):
    customer_id: int
    panel_model: str
    panel_count: int = Field(..., gt=0, le=200)
    inverter_model: str
    note: Optional[str] = None


class OrderStatusUpdate(BaseModel):
    status: str
    comment: str = ""
