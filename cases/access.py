"""The only way a respondent-facing view gets a case, hearing or record document.

Each function answers 404 alike for "does not exist" and "not yours": a respondent reaches only
rows of cases whose Respondent.user is the signed-in user. Staff accounts are not respondents and
reach nothing here (they work in the admin sites).
"""

from django.http import Http404

from cases.models import Case, Hearing, RecordDocument


def _require_person(user) -> None:
    if user is None or not user.is_authenticated:
        raise Http404


def access_case_for_user(*, user, case_id: int) -> Case:
    """The signed-in respondent's own case with its court and judge, or 404."""
    _require_person(user)
    try:
        return Case.objects.select_related("court", "judge", "respondent").get(pk=case_id, respondent__user=user)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_hearing_for_user(*, user, hearing_id: int) -> Hearing:
    """The signed-in respondent's own hearing with its case, court and judge, or 404."""
    _require_person(user)
    try:
        return Hearing.objects.select_related("case__court", "case__judge", "judge").get(
            pk=hearing_id, case__respondent__user=user
        )
    except (Hearing.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_document_for_user(*, user, document_id: int) -> RecordDocument:
    """A document of the signed-in respondent's own record of proceedings, or 404."""
    _require_person(user)
    try:
        return RecordDocument.objects.select_related("case__court").get(pk=document_id, case__respondent__user=user)
    except (RecordDocument.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
