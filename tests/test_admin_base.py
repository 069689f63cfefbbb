"""Every court-record admin stands on the one court-scoped base (cases/admin/base.py), and every admin
of both staff sites on the common rules (common/admin.py). A new admin that does not fails here."""

from django.contrib import admin

from accounts import support
from cases.admin.base import CourtScopedAdmin, CourtScopedInline
from cases.models import Case, ImmigrationCourt, Respondent
from common.admin import ScopedRelationsMixin, StrictLookupsMixin

COURT_ANCHORS = (ImmigrationCourt, Case, Respondent)
# Admins of court-linked models that are scoped another way, and why.
SCOPED_ELSEWHERE = {
    "audit.auditevent": "the audit app sits below cases; audit.admin.scope_audit_events scopes it by court",
    "accounts.user": "superusers only on the clerk site; the support site lists respondents' accounts",
}


def belongs_to_a_court(model, depth: int = 3) -> bool:
    """True when a chain of foreign keys leads from `model` to a court, a case or a respondent."""
    if model in COURT_ANCHORS:
        return True
    if depth == 0:
        return False
    return any(
        belongs_to_a_court(field.related_model, depth - 1)
        for field in model._meta.concrete_fields
        if field.is_relation and field.many_to_one | field.one_to_one and field.related_model is not model
    )


def test_every_court_record_admin_uses_the_court_scoped_base():
    court_models = [m for m in admin.site._registry if belongs_to_a_court(m)]
    assert len(court_models) >= 10  # the walk finds them: cases, filings, notices, guidance
    wrong = [
        m._meta.label_lower
        for m in court_models
        if m._meta.label_lower not in SCOPED_ELSEWHERE and not isinstance(admin.site._registry[m], CourtScopedAdmin)
    ]
    assert not wrong, f"court-record admins not on cases.admin.base.CourtScopedAdmin: {wrong}"


def test_every_inline_of_a_court_record_uses_the_scoped_inline():
    wrong = []
    for model, model_admin in admin.site._registry.items():
        for inline in model_admin.inlines:
            if belongs_to_a_court(inline.model) and not issubclass(inline, CourtScopedInline):
                wrong.append(f"{model._meta.label_lower}: {inline.__name__}")
    assert not wrong, wrong


def test_every_admin_of_both_sites_allow_lists_lookups_and_scopes_related_labels():
    for site in (admin.site, support.site):
        for model, model_admin in site._registry.items():
            assert isinstance(model_admin, StrictLookupsMixin), (site.name, model._meta.label_lower)
            assert isinstance(model_admin, ScopedRelationsMixin), (site.name, model._meta.label_lower)


def test_the_check_fails_on_an_admin_that_skips_the_base():
    """The walk is not vacuous: a plain ModelAdmin of a court record is caught."""
    from filings.models import FilingDocument

    assert belongs_to_a_court(FilingDocument)
    assert not isinstance(admin.ModelAdmin(FilingDocument, admin.site), CourtScopedAdmin)
