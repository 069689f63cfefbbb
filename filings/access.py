"""The only ways a view gets filings objects: the signed-in respondent's own, or 404; staff get rows of
`scoped`, the admin's queryset already limited to their courts."""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from cases.models import Case
from filings.models import AddressChange, Filing, FilingDocument


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


def access_address_change_by_id(*, user, change_id) -> AddressChange:
    """One of the signed-in respondent's changes of address (EOIR-33), or 404."""
    return get_object_or_404(
        AddressChange.objects.select_related("case__court", "filing"), pk=change_id, respondent__user=user
    )


def access_staff_filing_document(*, scoped: QuerySet[Filing], filing_id, document_id) -> FilingDocument:
    """A document of a filing of the clerk's courts (`scoped`) that passed the virus check, with its
    filing and case loaded; 404 for anything else (another court, no such document, not clean yet)."""
    filing = scoped.filter(pk=filing_id).select_related("case").first()
    document = FilingDocument.objects.filter(pk=document_id, filing_id=filing_id).first()
    if filing is None or document is None or not document.is_clean:
        raise Http404
    document.filing = filing
    return document
