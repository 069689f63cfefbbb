"""The respondent's dashboard, composed at the top from the selectors of cases, filings and notices.

Each app answers for its own part (cases: the case summaries; filings: a documents deadline moved by
a filing-service outage; notices: the unread count); none of them knows about the others' pages.
"""

from dataclasses import dataclass

from cases import selectors as case_selectors
from cases.selectors import CaseSummary
from delivery import selectors as delivery_selectors
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


def respondent_dashboard(*, user) -> dict:
    """Every case of the respondent (next hearing first) and the number of unread notices; the same
    few queries whatever the number of hearings (the deadline costs a query only on an outage day)."""
    cases = []
    summaries = case_selectors.dashboard_for_user(user=user)
    motion_cards = motion_selectors.dashboard_cards(cases=[summary.case for summary in summaries])
    for summary in summaries:
        hearing = summary.next_hearing.hearing if summary.next_hearing else None
        deadline = filing_selectors.dashboard_deadline(summary.case, hearing) if hearing else None
        cases.append(DashboardCase(summary=summary, deadline=deadline, motions=motion_cards[summary.case.pk]))
    return {
        "cases": cases,
        "unread_notices": notice_selectors.unread_count_for_user(user),
        # Notices by mail or by email, and "We could not email you" after a bounce (delivery, ADR 0100).
        "service_state": delivery_selectors.service_state_for_user(user=user),
        # "Did you go to your hearing?" from the day after a hearing until answered (cases, ADR 0111).
        "attendance_questions": case_selectors.attendance_questions_for_user(user=user),
        # Text reminders on or off, and "We could not send texts to your phone" after two failures (sms, ADR 0105).
        "text_state": sms_selectors.text_state_for_user(user=user),
    }
