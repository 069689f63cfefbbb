"""The only ways a view gets filings objects: the signed-in respondent's own, or 404."""

from django.shortcuts import get_object_or_404

from cases.models import Case
from filings.models import Filing, FilingDocument


def access_case_for_filing(*, user, case_id) -> Case:
    """One of the signed-in respondent's cases, or 404."""
    return get_object_or_404(Case.objects.select_related("court"), pk=case_id, respondent__user=user)


def access_filing_by_id(*, user, filing_id) -> Filing:
    """The signed-in respondent's own filing, or 404 (same answer for "not yours" and "no such")."""
    return get_object_or_404(
        Filing.objects.select_related("case__court", "filed_by"), pk=filing_id, case__respondent__user=user
    )


def access_document(*, filing: Filing, document_id) -> FilingDocument:
    """A document of a filing the caller already holds through `access_filing_by_id`, or 404."""
    return get_object_or_404(FilingDocument, pk=document_id, filing=filing)
