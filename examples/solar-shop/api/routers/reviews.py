"""Customer reviews of installations (MongoDB), and the review widget partner sites embed."""
import json
import os

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment
from pymongo import MongoClient

router = APIRouter(prefix="/reviews", tags=["reviews"])
db = MongoClient(os.environ.get("MONGO_URL", "mongodb://localhost:27017"))["sunline"]
widgets = Environment()


@router.post("/search")
async def search_reviews(request: Request):
    criteria = json.loads(await request.body())
    return list(db.reviews.find(criteria, {"_id": 0}).limit(50))


@router.get("/widget", response_class=HTMLResponse)
def widget(installer: str, headline: str = "What our customers say"):
    template = widgets.from_string("<h3>" + headline + "</h3>{% for r in reviews %}<p>{{ r.text }}</p>{% endfor %}")
    return template.render(reviews=list(db.reviews.find({"installer": installer}, {"_id": 0}).limit(5)))


@router.get("/thanks", response_class=HTMLResponse)
def thanks(name: str):
    return HTMLResponse(f"<h1>Thank you for your review, {name}!</h1>")
