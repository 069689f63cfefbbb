"""The respondent's dashboard, composed at the top from the selectors of every app it shows.

Each app answers for its own part (cases: the case summaries and the check-in question; filings: a
documents deadline moved by a filing-service outage; motions: the reopening and appeal countdowns;
notices: the unread count; delivery: how notices are served; sms: text reminders); none of them knows
about the others' pages. Per-user facts of several apps come as subqueries and are read in one query.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import OuterRef

from cases import selectors as case_selectors
from cases.selectors import CaseSummary
from delivery import selectors as delivery_selectors
from delivery.models import ServicePreference
from filings import selectors as filing_selectors
from motions import selectors as motion_selectors
from notices import selectors as notice_selectors
from sms import selectors as sms_selectors


@dataclass
class DashboardCase:
    """One case on the dashboard: its summary, and the documents deadline when an outage may have moved it."""

    summary: CaseSummary
    deadline: dict | None = None
    motions: motion_selectors.DashboardCard | None = None  # reopening and appeal countdowns, stays (motions)


def _per_user_facts(user) -> dict:
    """The unread count (notices), how notices are served (delivery) and the text-reminder state (sms),
    read in ONE query: each app gives its part as a subquery on the user id."""
    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            unread=notice_selectors.unread_count_expression(user_ref=OuterRef("pk")),
            service=delivery_selectors.service_state_expression(user_ref=OuterRef("pk")),
            text=sms_selectors.text_state_expression(user_ref=OuterRef("pk")),
        )
        .values("unread", "service", "text")
        .first()
    ) or {"unread": 0, "service": None, "text": None}
    return {
        "unread_notices": row["unread"],
        # Notices by mail or by email, and "We could not email you" after a bounce (delivery, ADR 0100).
        "service_state": row["service"] or ServicePreference.State.PAPER,
        # Text reminders on or off, and "We could not send texts to your phone" after two failures (sms, ADR 0105).
        "text_state": row["text"],
    }


def respondent_dashboard(*, user) -> dict:
    """Every case of the respondent (next hearing first), the unread count, how notices are served, text
    reminders, and the check-in question; the same few queries whatever the number of hearings or cases
    (the deadline costs a query only on an outage day)."""
    cases = []
    summaries = case_selectors.dashboard_for_user(user=user)
    motion_cards = motion_selectors.dashboard_cards(cases=[summary.case for summary in summaries])
    for summary in summaries:
        hearing = summary.next_hearing.hearing if summary.next_hearing else None
        deadline = filing_selectors.dashboard_deadline(summary.case, hearing) if hearing else None
        cases.append(DashboardCase(summary=summary, deadline=deadline, motions=motion_cards[summary.case.pk]))
    return {
        "cases": cases,
        **_per_user_facts(user),
        # "Did you go to your hearing?" from the day after a hearing until answered (cases, ADR 0111).
        "attendance_questions": case_selectors.attendance_questions_for_user(user=user),
    }
