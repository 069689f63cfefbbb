"""The project's URLs plus views that fail on purpose, to render each error page (tests only)."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from portal.urls import handler400, handler403, handler404, handler500
from portal.urls import urlpatterns as portal_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


@login_not_required
def bad(request):
    raise SuspiciousOperation("test")


@login_not_required
def forbidden(request):
    raise PermissionDenied


@login_not_required
def boom(request):
    raise RuntimeError("test failure")


urlpatterns = [
    path("test-errors/400/", bad),
    path("test-errors/403/", forbidden),
    path("test-errors/500/", boom),
    *portal_urlpatterns,
]
