"""Partner integrations: webhook callbacks for installers, the panel supplier's stock API."""
import requests
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter(prefix="/integrations", tags=["integrations"])

SUPPLIER_API = "https://api.panel-supplier.example/v2"


class WebhookTest(BaseModel):
    callback_url: str
    event: str = "order.scheduled"


@router.post("/webhooks/test")
def test_webhook(hook: WebhookTest):
    response = requests.post(hook.callback_url, json={"event": hook.event, "test": True}, timeout=5)
    return {"status": response.status_code}


@router.get("/stock/{sku}")
def panel_stock(sku: str):
    # The supplier's staging certificate expired once; "temporarily" turned off since.
    response = requests.get(f"{SUPPLIER_API}/stock/{sku}", timeout=10, verify=False)
    return response.json()
