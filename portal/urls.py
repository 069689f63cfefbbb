"""Root URLs. Every view is private unless marked `login_not_required` (deny by default)."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from accounts import support
from cases import urls as case_urls
from cases import views as case_views
from delivery import urls as delivery_urls
from portal import views

# The dashboard is the first page of the cases section (`cases:dashboard`), composed here (portal.dashboard).
case_patterns = [path("", views.dashboard, name="dashboard"), *case_urls.urlpatterns]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("account/service/", include("delivery.urls")),
    path("", include("sms.urls")),  # /account/phone/, the short link /h/ in texts, the SMS webhooks
    path("account/", include("accounts.urls")),
    path("webauthn/", include("accounts.webauthn_urls")),
    path("cases/", include((case_patterns, case_urls.app_name))),
    # The public hearing lookup, no sign-in (ADR 0110); at the root, like the front door that links to it.
    path("hearing-lookup/", case_views.hearing_lookup, name="hearing_lookup"),
    path("filings/", include("filings.urls")),
    path("requests/", include("motions.urls")),
    path("notices/", include("notices.urls")),
    path("help/", include("guidance.urls")),
    # The mail provider's signed delivery webhook (public: checked by its signature, delivery/webhooks.py).
    path("anymail/", include((delivery_urls.webhook_patterns, "anymail"))),
    path("admin/", admin.site.urls),
    path("support/", support.site.urls),
]

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
