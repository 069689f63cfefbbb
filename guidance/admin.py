"""Clerk admin for the free legal help list: each clerk sees and edits only their courts' providers."""

from django.contrib import admin

from cases.admin.base import CourtScopedAdmin
from guidance.models import LegalServiceProvider
from guidance.services import legal_provider_save


@admin.register(LegalServiceProvider)
class LegalServiceProviderAdmin(CourtScopedAdmin):
    """Untick "shown on the help pages" instead of deleting, so the history stays."""

    list_display = ("name", "court", "phone", "languages", "active", "updated_at")
    list_filter = ("active", "court")
    search_fields = ("name", "languages")
    list_select_related = ("court",)
    fields = ("court", "name", "phone", "website", "languages", "notes", "active")

    def save_model(self, request, obj, form, change):
        legal_provider_save(provider=obj, actor=request.user, changed_fields=list(form.changed_data))

    def save_related(self, request, form, formsets, change):
        form.save_m2m()  # no inlines; legal_provider_save wrote the audit event
