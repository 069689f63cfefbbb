"""The one base of every court-record admin: court scoping, 404 for out-of-scope rows, no delete, audit.

Every clerk-site admin of a model that belongs to a court (cases, filings, notices, guidance) subclasses
`CourtScopedAdmin` (records clerks edit) or `CourtScopedReadOnlyAdmin` (records that change only
through actions and services); their inlines subclass `CourtScopedInline` / `CourtScopedReadOnlyInline`.
tests/test_admin_base.py fails on a court-record admin that does not.

- Querysets and object look-ups are scoped with cases.scoping; a row outside the staff member's
  courts answers 404, exactly like a row that does not exist.
- Related objects are offered and labelled only within scope, and changelist look-ups are
  allow-listed (common.admin: raw-id labels, query-string presets, list filters, "view on site").
- Who may use a page is Django's model permissions, which the roles grant (accounts.roles): one
  role check for every admin.
- Every add and change writes an audit event (field names only, never values) inside the admin's
  transaction; Django's LogEntry is not written (ADR 0010: one log, and it holds no names).
- Legal records are never deleted: no delete permission (so Django offers no delete action).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from audit.actions import admin_saved
from audit.paginator import CappedCountPaginator
from audit.services import audit_record
from cases import services
from cases.models import Case, Hearing, ImmigrationCourt, Judge, RecordDocument, Respondent
from cases.scoping import scope_to_courts, staff_court_ids
from common.admin import ReadOnlyMixin, StaffInline, StaffModelAdmin


def scoped_respondents(queryset, user):
    """Respondents with at least one case in the user's courts."""
    court_ids = staff_court_ids(user)
    if court_ids is None:
        return queryset
    in_courts = Case.objects.filter(respondent=models.OuterRef("pk"), court__in=court_ids)
    return queryset.filter(models.Exists(in_courts))


def scoped_choices(model, user):
    """The rows of `model` a staff member may pick in a form (None: not a scoped model)."""
    if model is ImmigrationCourt:
        return scope_to_courts(ImmigrationCourt.objects.all(), user, "pk")
    if model is Judge:
        return scope_to_courts(Judge.objects.select_related("court"), user, "court")
    if model is Case:
        return scope_to_courts(Case.objects.select_related("court"), user, "court")
    if model is Respondent:
        return scoped_respondents(Respondent.objects.all(), user)
    if model is Hearing:
        return scope_to_courts(Hearing.objects.all(), user, "case__court")
    return None


def audit_court_id(obj, user) -> int | None:
    """The court an audit event about `obj` belongs to (so that the court's clerks can read it)."""
    if isinstance(obj, ImmigrationCourt):
        return obj.pk
    if isinstance(obj, Respondent):
        cases = scope_to_courts(Case.objects.filter(respondent=obj), user, "court")
        return cases.order_by("-id").values_list("court_id", flat=True).first()
    if isinstance(obj, Hearing | RecordDocument):
        return obj.case.court_id
    return getattr(obj, "court_id", None)


def audited_save(*, obj, actor, created: bool, fields: list[str]) -> None:
    """Saves one admin-edited object through its service (hearings, documents) or audits the save."""
    if isinstance(obj, Hearing):
        if created:
            services.hearing_create(hearing=obj, actor=actor)
        else:
            services.hearing_update(hearing=obj, actor=actor, fields=fields)
        return
    if isinstance(obj, RecordDocument) and created:
        services.record_document_add(document=obj, actor=actor)
        return
    if not created and not fields:
        return
    if created:
        obj.save()
    else:
        obj.save(update_fields=[*fields, *(["updated_at"] if hasattr(obj, "updated_at") else [])])
    audit_record(
        actor=actor,
        action=admin_saved(obj._meta.model_name, created=created),
        target=obj,
        case=obj if isinstance(obj, Case) else getattr(obj, "case", None),
        court_id=audit_court_id(obj, actor),
        data={"fields": sorted(fields)},
    )


def _model_fields(form) -> list[str]:
    """Changed fields that are model fields (a form may carry extra, unsaved inputs)."""
    names = {f.name for f in form._meta.model._meta.concrete_fields}
    return [name for name in form.changed_data if name in names]


class CourtScopedInline(StaffInline):
    """An inline of court records: rows of the user's courts only, scoped choices, no delete."""

    court_path = "case__court"

    def scoped_related(self, model, request):
        return scoped_choices(model, request.user)

    def get_queryset(self, request):
        return scope_to_courts(super().get_queryset(request), request.user, self.court_path)


class CourtScopedReadOnlyInline(ReadOnlyMixin, CourtScopedInline):
    """A read-only inline of court records (shown, never edited through the form)."""

    can_delete = False
    show_change_link = False


class CourtScopedAdmin(StaffModelAdmin):
    """Base ModelAdmin for court records: see the module docstring."""

    court_path = "court"
    paginator = CappedCountPaginator

    def get_queryset(self, request):
        return self.scope(super().get_queryset(request), request.user)

    def scope(self, queryset, user):
        return scope_to_courts(queryset, user, self.court_path)

    def scoped_related(self, model, request):
        return scoped_choices(model, request.user)

    # --- audit -------------------------------------------------------------------------------
    def save_model(self, request, obj, form, change):
        # Saved here, audited in save_related once inlines exist (a respondent's court comes from its case).
        request._admin_audit = (obj, not change, _model_fields(form))
        if not change or _model_fields(form):
            self.save_main_object(request, obj, form, change)

    def save_main_object(self, request, obj, form, change):
        if isinstance(obj, Hearing | RecordDocument):
            return  # saved by its service in save_related
        obj.save()

    def save_related(self, request, form, formsets, change):
        obj, created, fields = getattr(request, "_admin_audit", (form.instance, not change, _model_fields(form)))
        if isinstance(obj, Hearing | RecordDocument):
            audited_save(obj=obj, actor=request.user, created=created, fields=fields)
            form.save_m2m()
            for formset in formsets:
                self.save_formset(request, form, formset, change=change)
            return
        super().save_related(request, form, formsets, change)
        if created or fields:
            audit_record(
                actor=request.user,
                action=admin_saved(obj._meta.model_name, created=created),
                target=obj,
                case=obj if isinstance(obj, Case) else None,
                court_id=audit_court_id(obj, request.user),
                data={"fields": sorted(fields)},
            )

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)
        for obj in formset.new_objects:
            audited_save(obj=obj, actor=request.user, created=True, fields=_model_fields_of(obj, formset))
        for obj, changed in formset.changed_objects:
            names = {f.name for f in obj._meta.concrete_fields}
            audited_save(obj=obj, actor=request.user, created=False, fields=[n for n in changed if n in names])
        formset.save_m2m()

    def history_view(self, request, object_id, extra_context=None):
        """The object's history is its audit events."""
        obj = self.get_object(request, object_id)
        query = urlencode({"target_type": obj._meta.label_lower, "target_id": str(obj.pk)})
        return HttpResponseRedirect(f"{reverse('admin:audit_auditevent_changelist')}?{query}")

    def run_service_on_each(self, request, queryset, service, **kwargs) -> tuple[int, list[str]]:
        """Runs a status service on each selected row; returns (done, error messages)."""
        done, errors = 0, []
        for obj in queryset:
            try:
                service(obj, **kwargs)
                done += 1
            except ValidationError as error:
                errors.extend(f"{obj}: {message}" for message in error.messages)
        return done, errors


class CourtScopedReadOnlyAdmin(ReadOnlyMixin, CourtScopedAdmin):
    """Court records that change only through this admin's actions and pages (which call services)."""


def _model_fields_of(obj, formset) -> list[str]:
    form = next((f for f in formset.forms if f.instance is obj), None)
    return _model_fields(form) if form is not None else []
