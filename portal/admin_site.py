"""The clerk admin: Django's default admin site, for clerks and supervisors.

The staff-MFA seam: `has_permission` is the one place that decides who may use the site: active
staff whose session passed a second factor (django-otp's OTPAdminSite). There is no password form
here: `login` sends people to the account sign-in and second factor (accounts.staff, docs/adr/0045).
"""

from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp.admin import OTPAdminSite

from accounts.staff import staff_site_login, staff_site_logout, staff_site_password_change
from common.admin import StaffAdminSiteMixin, staff_is_verified


class ClerkAdminSite(StaffAdminSiteMixin, OTPAdminSite):
    site_header = _("Court clerk administration (demonstration)")
    site_title = _("Court clerk administration")
    index_title = _("Court records")
    enable_nav_sidebar = False

    def __init__(self, name="admin"):
        super().__init__(name)  # OTPAdminSite's default name is "otpadmin": keep the "admin:" URL namespace

    def has_permission(self, request) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and staff_is_verified(user))

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        return staff_site_login(self, request)

    def logout(self, request, extra_context=None):
        return staff_site_logout(request)

    def password_change(self, request, extra_context=None):
        return staff_site_password_change(request)
