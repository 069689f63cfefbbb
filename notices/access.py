"""The only way a view gets a Notice: the signed-in respondent's own, or 404."""

from django.shortcuts import get_object_or_404

from notices.models import Notice
from notices.selectors import inbox_for_user


def access_notice_by_id(*, user, notice_id: int) -> Notice:
    """The user's own delivered notice; 404 for someone else's or one that does not exist."""
    return get_object_or_404(inbox_for_user(user).select_related("respondent", "case"), pk=notice_id)
