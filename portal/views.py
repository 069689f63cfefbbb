"""Pages owned by the top layer: home, health, the error pages, and the respondent's dashboard
(it shows cases, filings and notices, so it is composed here, above all of them)."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from cases.selectors import respondent_of_user
from portal import dashboard as dashboards
from portal import health


@login_not_required
@require_safe
def home(request):
    """The front door: what the portal is, how to register, how to sign in."""
    return render(request, "portal/home.html")


@require_safe
def dashboard(request):
    """The page after sign-in: for each case, the next hearing first, then status, deadlines, court and judge."""
    if respondent_of_user(user=request.user) is None:
        if request.user.is_staff:
            return redirect("admin:index")
        return render(request, "cases/no_case.html", status=200)
    return render(request, "cases/dashboard.html", dashboards.respondent_dashboard(user=request.user))


@login_not_required
@never_cache
@require_safe
def healthz(request):
    """Alive: the process answers. Load balancers use this to restart a wedged worker."""
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@require_safe
def readyz(request):
    """Ready: database, broker, storage and virus scanner all answer; 503 when any does not."""
    checks = health.run_checks()
    ready = all(c["status"] == "ok" for c in checks.values())
    return JsonResponse({"status": "ok" if ready else "fail", "checks": checks}, status=200 if ready else 503)


# Error pages. They render the normal page shell in the visitor's language. They are reached for any
# URL, so they must not fail themselves: the 500 page reads nothing from the database (`minimal`).


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """A form sent without a valid security token (usually a page left open too long)."""
    return render(request, "403.html", {"csrf_failure": True}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", {"minimal": True}, status=500)
