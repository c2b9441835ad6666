"""Looks up installers in the regional XML registry."""
from fastapi import APIRouter
from lxml import etree

router = APIRouter()
registry = etree.fromstring(
    b"""<installers>
  <installer email="ada@example.com" level="gold"><region>Zurich</region></installer>
  <installer email="zo\xc3\xab@example.com" level="silver"><region>Basel</region></installer>
  <installer email="o'neil@example.com" level="gold"><region>Bern</region></installer>
</installers>"""
)


@router.get("/installers/region")
def region(email: str):
    return [str(r) for r in registry.xpath(f"//installer[@email='{email}']/region/text()")]


@router.get("/installers/by-level")
def by_level(level: str, region: str):
    return [node.get("email") for node in registry.xpath(f"//installer[@level='{level}' and region='{region}']")]
