"""URLs of the notices app. Every view is private unless marked login_not_required."""

from django.urls import path  # noqa: F401

app_name = "notices"
urlpatterns: list = []
