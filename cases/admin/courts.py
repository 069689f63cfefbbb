"""Courts and judges in the clerk admin."""

from django.contrib import admin

from cases.admin.base import CourtScopedAdmin
from cases.models import ImmigrationCourt, Judge


@admin.register(ImmigrationCourt)
class ImmigrationCourtAdmin(CourtScopedAdmin):
    court_path = "pk"
    list_display = ("code", "name", "city", "state", "time_zone")
    search_fields = ("=code", "^name")
    ordering = ("name",)

    def get_readonly_fields(self, request, obj=None):
        # Who works in which court is decided by superusers only (it is what scopes every clerk).
        return () if request.user.is_superuser else ("staff",)

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return fields if request.user.is_superuser else [f for f in fields if f != "staff"]


@admin.register(Judge)
class JudgeAdmin(CourtScopedAdmin):
    list_display = ("name", "court", "active")
    list_select_related = ("court",)
    list_filter = ("active",)
    search_fields = ("^name",)
    ordering = ("name",)
