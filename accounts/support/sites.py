"""The support admin site: support role and an OTP-verified session; its own "my actions" page."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from accounts.staff import staff_site_login, staff_site_logout, staff_site_password_change
from accounts.support.selectors import support_actions_of
from common.admin import StaffAdminSiteMixin, staff_is_verified


class SupportAdminSite(StaffAdminSiteMixin, admin.AdminSite):
    site_header = _("Support console (demonstration)")
    site_title = _("Support console")
    index_title = _("Help people with their accounts")
    index_template = "admin/support/index.html"
    enable_nav_sidebar = False
    final_catch_all_view = False

    def has_permission(self, request) -> bool:
        user = request.user
        return bool(user.is_active and user.has_role("support") and staff_is_verified(user))

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        return staff_site_login(self, request)

    def logout(self, request, extra_context=None):
        return staff_site_logout(request)

    def password_change(self, request, extra_context=None):
        return staff_site_password_change(request)

    def get_urls(self):
        urls = [path("my-actions/", self.admin_view(self.my_actions), name="my_actions")]
        return urls + super().get_urls()

    def my_actions(self, request):
        """The agent's own audit trail, newest first, read-only."""
        page = Paginator(support_actions_of(actor=request.user), 50).get_page(request.GET.get("page"))
        context = {**self.each_context(request), "title": _("My actions"), "page": page}
        return TemplateResponse(request, "admin/support/my_actions.html", context)
