from django.http import JsonResponse
from django.urls import path

ORDERS = {1: {"id": 1, "total_cents": 12050}}


def health(request):
    return JsonResponse({"status": "ok"})


def order(request, order_id):
    return JsonResponse(ORDERS[order_id])  # an unknown id is a bug here: a 500


urlpatterns = [
    path("health", health),
    path("orders/<int:order_id>", order),
]
