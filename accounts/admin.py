"""Users in the clerk admin: superusers only (support agents have their own site)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from audit.actions import AuditAction
from audit.paginator import CappedCountPaginator
from audit.services import audit_record
from common.admin import ScopedRelationsMixin, StrictLookupsMixin


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


def _changed_labels(message) -> list[str]:
    labels: list[str] = []
    for entry in message if isinstance(message, list) else []:
        labels.extend(entry.get("changed", {}).get("fields", []))
    return sorted(labels)


class SuperuserOnlyMixin:
    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # accounts are deactivated, never deleted (audit events point at them)


@admin.register(User)
class UserAdmin(SuperuserOnlyMixin, StrictLookupsMixin, ScopedRelationsMixin, DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    paginator = CappedCountPaginator
    show_full_result_count = False
    ordering = ("-id",)
    list_display = ("email", "first_name", "last_name", "is_staff", "is_superuser", "is_active", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email",)
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "preferred_language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "usable_password", "password1", "password2")}),)
    filter_horizontal = ("groups",)

    def log_addition(self, request, obj, message):
        super().log_addition(request, obj, message)
        audit_record(actor=request.user, action=AuditAction.USER_CREATED, target=obj)

    def log_change(self, request, obj, message):
        super().log_change(request, obj, message)
        audit_record(
            actor=request.user, action=AuditAction.USER_CHANGED, target=obj, data={"fields": _changed_labels(message)}
        )
