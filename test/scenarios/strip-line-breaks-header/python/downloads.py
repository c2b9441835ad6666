"""Report downloads, campaign tracking and preload hints."""
from fastapi import APIRouter, Response

router = APIRouter()


@router.get("/reports/export")
def export(report_name: str, response: Response):
    response.headers["Content-Disposition"] = f'attachment; filename="{report_name}.csv"'
    return "sku,count\n"


@router.get("/datasheets/{sku}")
def datasheet(sku: str, ref: str, response: Response):
    response.headers["X-Referrer-Campaign"] = ref
    return {"sku": sku}


@router.get("/hint")
def hint(target: str, response: Response):
    response.headers["Link"] = "<" + target + ">; rel=preload"
    return {}
