"""Who may use the service pages: the signed-in respondent, for their own record only."""

from django.http import Http404

from cases.models import Respondent
from cases.selectors import respondent_of_user


def access_own_respondent(*, user) -> Respondent:
    """The signed-in account's court record; 404 for an account without one (staff, not yet linked)."""
    respondent = respondent_of_user(user=user)
    if respondent is None:
        raise Http404
    return respondent
