"""The clerk admin: Django's default admin site, for clerks and supervisors.

The staff-MFA seam: `has_permission` is the one place that decides who may use the site. The
accounts issue makes it require an OTP-verified session (django-otp's OTPAdminSite does exactly
that: subclass it here instead of AdminSite).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class ClerkAdminSite(admin.AdminSite):
    site_header = _("Court clerk administration (demonstration)")
    site_title = _("Court clerk administration")
    index_title = _("Court records")
    enable_nav_sidebar = False

    def has_permission(self, request) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff)
