"""One search box for court records: an A-number in any accepted form, a court code, or names.

Each kind becomes an indexed look-up: the A-number an exact match on the unique column, the court
code an exact match on a 70-row table, names a prefix match served by the UPPER(...) expression
indexes of migration 0002 (Django's istartswith). Staff searches of personal data are audited
(what kind of search, never the term).
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases import services
from cases.anumbers import try_parse_a_number
from cases.models import ImmigrationCourt, Respondent

SEARCH_HELP = _("An A-number in any form (A-123-456-789, 123456789…), a court code, or the beginning of a name.")


def _join(path: str, field: str) -> str:
    return f"{path}__{field}" if path else field


def _names_q(words: list[str]) -> Q:
    q = Q()
    for word in words:
        q &= Q(family_name__istartswith=word) | Q(given_name__istartswith=word)
    return q


def court_record_search(queryset, term: str, *, respondent_path: str, court_path: str | None):
    """(filtered queryset, kind of search or None). `respondent_path` "" means the rows are respondents."""
    term = term.strip()
    if not term:
        return queryset, None
    digits = try_parse_a_number(term)
    if digits is not None:
        return queryset.filter(**{_join(respondent_path, "a_number"): digits}), "a_number"
    words = term.split()
    if court_path and len(words) == 1:
        court_id = ImmigrationCourt.objects.filter(code__iexact=words[0]).values_list("pk", flat=True).first()
        if court_id is not None:
            return queryset.filter(**{f"{court_path}_id": court_id}), "court"
    if not respondent_path:
        return queryset.filter(_names_q(words)), "name"
    respondents = Respondent.objects.filter(_names_q(words)).values("pk")
    return queryset.filter(**{f"{respondent_path}__in": respondents}), "name"


class CourtRecordSearchMixin:
    """get_search_results for court-record changelists (see the module docstring)."""

    respondent_path = "respondent"
    search_court_path: str | None = "court"
    search_help_text = SEARCH_HELP

    def get_search_results(self, request, queryset, search_term):
        queryset, kind = court_record_search(
            queryset, search_term, respondent_path=self.respondent_path, court_path=self.search_court_path
        )
        if kind in ("a_number", "name"):
            services.respondent_search(actor=request.user, kind=kind, list_name=self.opts.model_name)
        return queryset, False
