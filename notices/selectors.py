"""Reads for the notices app: the inbox and its unread count."""

from django.db.models import QuerySet

from notices.models import Notice


def inbox_for_user(user) -> QuerySet[Notice]:
    """The signed-in respondent's own notices that have a letter to read, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Notice.objects.none()
    return (
        Notice.objects.filter(respondent__user=user)
        .exclude(state=Notice.State.REQUESTED)
        .exclude(pdf_key="")
        .select_related("court")
        .order_by("-requested_at", "-id")
    )


def unread_count_for_user(user) -> int:
    """How many inbox letters the user has not opened yet (dashboard badge); one query."""
    return inbox_for_user(user).filter(read_at__isnull=True).count()
