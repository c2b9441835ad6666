"""Inverter readings pushed by the monitoring gateways, and the installer registry lookup."""
import logging
import xml.etree.ElementTree as ET

from fastapi import APIRouter, Request
from lxml import etree

router = APIRouter(prefix="/telemetry", tags=["telemetry"])
logger = logging.getLogger("sunline.telemetry")
REGISTRY = etree.parse("data/installers.xml")


@router.post("/readings")
async def readings(request: Request):
    root = ET.fromstring(await request.body())
    gateway = request.headers.get("x-gateway-id", "unknown")
    logger.info(f"reading from gateway {gateway}")
    return {"serial": root.findtext("serial"), "watts": float(root.findtext("watts", "0"))}


@router.get("/installers/region")
def installer_region(email: str):
    return REGISTRY.xpath(f"//installer[@email='{email}']/region/text()")


@router.get("/yield-estimate")
def yield_estimate(formula: str, kwp: float):
    # Installers tune the yield formula per roof ("kwp * 950 * 0.85") from the planning tool.
    return {"kwh_per_year": eval(formula, {"__builtins__": {}}, {"kwp": kwp})}
