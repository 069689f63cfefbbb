"""List filters that stay cheap and scoped: the court filter lists only the user's courts."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cases.models import ImmigrationCourt
from cases.scoping import scope_to_courts


class CourtFilter(admin.SimpleListFilter):
    title = _("court")
    parameter_name = "court"
    court_path = "court"

    def lookups(self, request, model_admin):
        courts = scope_to_courts(ImmigrationCourt.objects.order_by("code"), request.user, "pk")
        return [(str(court.pk), f"{court.code} {court.name}") for court in courts]

    def queryset(self, request, queryset):
        value = self.value()
        if not value or not value.isdigit():
            return queryset
        return queryset.filter(**{f"{self.court_path}_id": int(value)})


class CaseCourtFilter(CourtFilter):
    court_path = "case__court"
