"""Clerk admin for the free legal help list: each clerk sees and edits only their courts' providers."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import Http404

from cases.models import ImmigrationCourt
from cases.scoping import scope_to_courts
from guidance.models import LegalServiceProvider
from guidance.services import legal_provider_save


@admin.register(LegalServiceProvider)
class LegalServiceProviderAdmin(admin.ModelAdmin):
    list_display = ("name", "court", "phone", "languages", "active", "updated_at")
    list_filter = ("active", "court")
    search_fields = ("name", "languages")
    list_select_related = ("court",)
    fields = ("court", "name", "phone", "website", "languages", "notes", "active")
    list_per_page = 50

    def get_queryset(self, request):
        return scope_to_courts(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "court":
            kwargs["queryset"] = scope_to_courts(ImmigrationCourt.objects.all(), request.user, court_path="pk")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _require_in_scope(self, request, object_id) -> None:
        # "Not yours" and "does not exist" answer alike: 404, not the admin's redirect with a message.
        if object_id is not None and self.get_object(request, unquote(object_id)) is None:
            raise Http404

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._require_in_scope(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # untick "shown on the help pages" instead, so the history stays

    def save_model(self, request, obj, form, change):
        legal_provider_save(provider=obj, actor=request.user, changed_fields=list(form.changed_data))
