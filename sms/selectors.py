"""Reads of the sms app: a person's numbers for their pages, due reminders, the failure banner."""

import datetime

from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.utils import timezone

from audit.actions import AuditAction
from audit.models import AuditEvent
from cases.models import Case, Hearing
from cases.selectors import REMINDER_THRESHOLDS
from sms.models import MobileNumber, OutboundText, TextReminder, TextSubscription
from sms.wording import text_language


def subscription_current(*, user, state: str) -> TextSubscription | None:
    """The account's pending or verified opt-in (at most one of each), with its number."""
    return TextSubscription.objects.select_related("mobile").filter(user=user, state=state).first()


def subscriptions_of_number(*, mobile: MobileNumber) -> list[TextSubscription]:
    """Verified opt-ins at one number (several for a family phone), with their accounts."""
    return list(
        TextSubscription.objects.filter(mobile=mobile, state=TextSubscription.State.VERIFIED)
        .select_related("user", "user__respondent")
        .order_by("pk")
    )


def text_language_of_user(user, respondent=None) -> str:
    """The court record's language (as for email reminders) when the portal speaks it, else the account's."""
    if respondent is None:
        respondent = getattr(user, "respondent", None) if hasattr(user, "respondent") else None
    for code in (getattr(respondent, "preferred_language", None), getattr(user, "preferred_language", None)):
        if code and text_language(code) == code:
            return code
    return text_language(None)


def mobile_of_user_for_update(*, user) -> MobileNumber | None:
    """The number of the account's verified opt-in, locked, and whether someone else is opted in at it
    (`shared`); one query."""
    others = TextSubscription.objects.filter(mobile=OuterRef("pk"), state=TextSubscription.State.VERIFIED).exclude(
        user=user
    )
    return (
        MobileNumber.objects.select_for_update(of=("self",))
        .filter(subscriptions__user=user, subscriptions__state=TextSubscription.State.VERIFIED)
        .annotate(shared=Exists(others))
        .first()
    )


def hearing_for_text(*, hearing_id: int) -> Hearing | None:
    return Hearing.objects.select_related("case__court", "case__respondent__user").filter(pk=hearing_id).first()


def hearing_time_changed(*, hearing_id: int) -> bool:
    """Whether the latest staff edit of this hearing (the one `hearing_changed("changed")` is about)
    moved its date or time: its audit event names the changed fields."""
    event = (
        AuditEvent.objects.filter(
            action=AuditAction.HEARING_CHANGED, target_type="cases.hearing", target_id=str(hearing_id)
        )
        .order_by("-id")
        .only("data")
        .first()
    )
    return bool(event and "starts_at" in (event.data or {}).get("fields", []))


def shared_text_for(
    *, mobile: MobileNumber, kind: str, event_key: str, user, since: datetime.datetime
) -> OutboundText | None:
    """A text about the same event already going to this number for someone else (a family phone)."""
    return (
        OutboundText.objects.filter(
            mobile=mobile,
            kind=kind,
            event_key=event_key,
            created_at__gte=since,
            state__in=[OutboundText.State.QUEUED, OutboundText.State.SENT],
        )
        .exclude(recipients=user)
        .order_by("-pk")
        .first()
    )


def _due_threshold(hearing: Hearing, now: datetime.datetime) -> tuple[str, datetime.timedelta] | None:
    for threshold, before in REMINDER_THRESHOLDS:
        if hearing.starts_at - before <= now:
            return str(threshold), before
    return None


def text_reminders_due(*, now: datetime.datetime | None = None) -> list[tuple[Hearing, str, datetime.timedelta]]:
    """(hearing, threshold, lead time) whose reminder text is due and not yet claimed, for people with
    a verified, active number; two queries."""
    now = now or timezone.now()
    horizon = now + max(before for _t, before in REMINDER_THRESHOLDS)
    hearings = (
        Hearing.objects.filter(
            status=Hearing.Status.SCHEDULED,
            starts_at__gt=now,
            starts_at__lte=horizon,
            case__respondent__user__is_active=True,
            case__respondent__user__text_subscriptions__state=TextSubscription.State.VERIFIED,
            case__respondent__user__text_subscriptions__mobile__state=MobileNumber.State.ACTIVE,
        )
        .select_related("case__court", "case__respondent__user")
        .prefetch_related(Prefetch("text_reminders", queryset=TextReminder.objects.only("hearing_id", "threshold")))
        .order_by("starts_at", "id")
    )
    due = []
    for hearing in hearings:
        found = _due_threshold(hearing, now)
        claimed = {reminder.threshold for reminder in hearing.text_reminders.all()}
        if found and found[0] not in claimed:
            due.append((hearing, *found))
    return due


def hearing_link_case_id(*, user) -> int | None:
    """The case whose hearings page the short link in a text opens: the one with the next hearing."""
    now = timezone.now()
    hearing = (
        Hearing.objects.filter(
            case__respondent__user=user,
            status=Hearing.Status.SCHEDULED,
            starts_at__gte=now - datetime.timedelta(hours=12),
        )
        .order_by("starts_at")
        .values_list("case_id", flat=True)
        .first()
    )
    if hearing:
        return hearing
    return Case.objects.filter(respondent__user=user).order_by("-pk").values_list("pk", flat=True).first()


def text_state_expression(*, user_ref):
    """The verified number's state as a subquery on a user id (NULL without one), for a page that reads
    several apps' per-user facts in one query (portal/dashboard.py)."""
    return Subquery(
        TextSubscription.objects.filter(user=user_ref, state=TextSubscription.State.VERIFIED).values("mobile__state")[
            :1
        ]
    )


def text_state_for_user(*, user) -> str | None:
    """The state of the account's verified number (active, stopped, failed), None without one; one query."""
    return (
        TextSubscription.objects.filter(user=user, state=TextSubscription.State.VERIFIED)
        .values_list("mobile__state", flat=True)
        .first()
    )
