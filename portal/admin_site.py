"""The clerk admin: Django's default admin site, for clerks and supervisors.

The staff-MFA seam: `has_permission` is the one place that decides who may use the site: active
staff whose session passed a second factor (django-otp's OTPAdminSite). There is no password form
here: `login` sends people to the account sign-in and second factor (accounts.staff, docs/adr/0045).

The index is the clerk's workbench (portal.workbench, docs/adr/0115): the work waiting in each of
their courts, and their recent actions from the audit log, above the list of records.
"""

from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp.admin import OTPAdminSite

from accounts.staff import staff_site_login, staff_site_logout, staff_site_password_change
from common.admin import StaffAdminSiteMixin, staff_is_verified
from portal import workbench


class ClerkAdminSite(StaffAdminSiteMixin, OTPAdminSite):
    site_header = _("Court clerk administration (demonstration)")
    site_title = _("Court clerk administration")
    index_title = _("Work waiting in your courts")
    index_template = "admin/workbench/index.html"
    enable_nav_sidebar = False

    def __init__(self, name="admin"):
        super().__init__(name)  # OTPAdminSite's default name is "otpadmin": keep the "admin:" URL namespace

    def has_permission(self, request) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and staff_is_verified(user))

    def index(self, request, extra_context=None):
        """The workbench: queues per court and recent actions (read by portal.workbench), then the records."""
        return super().index(request, extra_context={**workbench.landing(user=request.user), **(extra_context or {})})

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        return staff_site_login(self, request)

    def logout(self, request, extra_context=None):
        return staff_site_logout(request)

    def password_change(self, request, extra_context=None):
        return staff_site_password_change(request)
