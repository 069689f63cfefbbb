"""The portal's URLs plus the bench baselines (never part of the portal itself)."""

from django.urls import path

from bench import views
from portal.urls import handler400, handler403, handler404, handler500
from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [
    path("bench/bare/", views.bare, name="bench_bare"),
    path("bench/orm/", views.orm, name="bench_orm"),
    *portal_urlpatterns,
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
