"""Reads for the respondent's case pages. Each runs a fixed number of queries, whatever the size of the case.

The public hearing lookup (cases.selectors.lookup, ADR 0110) and the attendance check-in
(cases.selectors.attendance, ADR 0111) live in modules of their own; their names are re-exported here, so
callers write `from cases import selectors` and `selectors.<name>` for all of them.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import plain_language as words
from cases import record_zip
from cases.models import Case, Hearing, HearingReminder, RecordDocument, RecordZip, Respondent

DOCUMENTS_DUE_DAYS_BEFORE = 15
# A whole-record ZIP build this old belongs to a worker that died (a 500 MB build takes seconds).
RECORD_ZIP_STALE_CLAIM = datetime.timedelta(hours=1)
# Hearing reminders, smallest first: when both are due (a hearing set at short notice), only the nearer one is sent.
REMINDER_THRESHOLDS = [
    (HearingReminder.Threshold.ONE_DAY, datetime.timedelta(days=1)),
    (HearingReminder.Threshold.SEVEN_DAYS, datetime.timedelta(days=7)),
]


@dataclass
class HearingDisplay:
    """A hearing as the respondent reads it: everything in the court's time zone, in plain words."""

    hearing: Hearing
    date: str
    time: str
    type_name: str
    type_meaning: str
    in_person: bool
    address_lines: list[str]
    courtroom: str
    video_url: str
    meeting_details: str
    dial_in: str
    status: str
    status_label: str
    adjournment_reason: str
    judge_name: str
    moved_from: str = ""
    moved_to: str = ""
    documents_due: str = ""
    documents_due_date: datetime.date | None = None


@dataclass
class CaseSummary:
    """One case on the respondent's dashboard (the portal adds what filings and notices know)."""

    case: Case
    status: words.StatusExplanation
    next_hearing: HearingDisplay | None
    more_upcoming: int = 0


def _when(hearing: Hearing, court) -> str:
    return f"{words.court_date(hearing.starts_at, court)}, {words.court_time(hearing.starts_at, court)}"


def hearing_display(hearing: Hearing, case: Case, *, with_deadline: bool = False) -> HearingDisplay:
    """Builds the plain-language view of one hearing; needs hearing.judge, .replaces, .replaced_by loaded."""
    court = case.court
    type_name, type_meaning = words.hearing_type_words(hearing)
    address = [line for line in hearing.address.splitlines() if line.strip()] or court.address_lines
    judge = hearing.judge or case.judge
    display = HearingDisplay(
        hearing=hearing,
        date=words.court_date(hearing.starts_at, court),
        time=words.court_time(hearing.starts_at, court),
        type_name=type_name,
        type_meaning=type_meaning,
        in_person=hearing.mode == Hearing.Mode.IN_PERSON,
        address_lines=address if hearing.mode == Hearing.Mode.IN_PERSON else [],
        courtroom=hearing.courtroom,
        video_url=hearing.video_url,
        meeting_details=hearing.meeting_details,
        dial_in=hearing.dial_in,
        status=hearing.status,
        status_label=hearing.get_status_display(),
        adjournment_reason=hearing.adjournment_reason,
        judge_name=judge.name if judge else "",
    )
    replaced = hearing.replaces if hearing.replaces_id else None
    if replaced is not None:
        display.moved_from = _("This hearing was moved from %(old)s to %(new)s.") % {
            "old": _when(replaced, court),
            "new": _when(hearing, court),
        }
    successor = _loaded_successor(hearing)
    if successor is not None:
        display.moved_to = _("This hearing was moved to %(new)s.") % {"new": _when(successor, court)}
    if with_deadline:
        due = words.court_local(hearing.starts_at, court).date() - datetime.timedelta(days=DOCUMENTS_DUE_DAYS_BEFORE)
        display.documents_due_date = due
        display.documents_due = words.long_date(due)
    return display


def _loaded_successor(hearing: Hearing) -> Hearing | None:
    """The hearing that replaced this one, if the caller loaded it (never a query of its own)."""
    if not Hearing.replaced_by.is_cached(hearing):
        return None
    try:
        return hearing.replaced_by
    except Hearing.DoesNotExist:
        return None


def _upcoming_hearings() -> QuerySet:
    return (
        Hearing.objects.filter(status=Hearing.Status.SCHEDULED, starts_at__gte=timezone.now())
        .select_related("judge", "replaces")
        .order_by("starts_at", "id")
    )


def respondent_of_user(*, user) -> Respondent | None:
    """The court record linked to this portal account, or None (staff, or not yet linked)."""
    if user is None or not user.is_authenticated:
        return None
    return Respondent.objects.filter(user=user).first()


def cases_for_user(*, user) -> QuerySet:
    """The signed-in respondent's cases with court, judge and upcoming hearings (two queries)."""
    return (
        Case.objects.filter(respondent__user=user)
        .select_related("court", "judge")
        .prefetch_related(Prefetch("hearings", queryset=_upcoming_hearings(), to_attr="upcoming_hearings"))
        .order_by("-opened_on", "-id")
    )


def dashboard_for_user(*, user) -> list[CaseSummary]:
    """One summary per case, next hearing first, with documents-due date and status in plain words."""
    summaries = []
    for case in cases_for_user(user=user):
        upcoming = case.upcoming_hearings
        next_hearing = hearing_display(upcoming[0], case, with_deadline=True) if upcoming else None
        summaries.append(
            CaseSummary(
                case=case,
                status=words.case_status_explained(case),
                next_hearing=next_hearing,
                more_upcoming=max(len(upcoming) - 1, 0),
            )
        )
    # The case with the soonest hearing comes first: that is the question the respondent brings.
    far_future = timezone.now() + datetime.timedelta(days=365 * 100)
    summaries.sort(key=lambda s: s.next_hearing.hearing.starts_at if s.next_hearing else far_future)
    return summaries


def hearings_for_case(*, case: Case) -> tuple[list[HearingDisplay], list[HearingDisplay]]:
    """(upcoming, earlier or changed) hearings of a case: upcoming soonest first, the rest newest first."""
    now = timezone.now()
    hearings = list(
        Hearing.objects.filter(case=case).select_related("judge", "replaces", "replaced_by").order_by("starts_at", "id")
    )
    upcoming = [
        hearing_display(h, case, with_deadline=True)
        for h in hearings
        if h.status == Hearing.Status.SCHEDULED and h.starts_at >= now
    ]
    others = [
        hearing_display(h, case)
        for h in reversed(hearings)
        if not (h.status == Hearing.Status.SCHEDULED and h.starts_at >= now)
    ]
    return upcoming, others


def upcoming_hearings_for_case(*, case: Case) -> list[Hearing]:
    """Scheduled hearings of the case from now on, soonest first."""
    return list(_upcoming_hearings().filter(case=case))


def record_documents_for_case(*, case: Case, category: str | None = None) -> QuerySet:
    """The record of proceedings, newest first, optionally one category."""
    documents = RecordDocument.objects.filter(case=case).order_by("-filed_on", "-id")
    if category:
        documents = documents.filter(category=category)
    return documents


def record_documents_in_order(*, case: Case) -> list[RecordDocument]:
    """The whole record in filing order, as it goes into the ZIP."""
    return list(RecordDocument.objects.filter(case=case).order_by("filed_on", "id"))


@dataclass
class RecordZipDownload:
    """What a whole-record download serves: the archive stored for this version of the record, or
    (stored is None) the very same bytes streamed from the documents."""

    case: Case
    documents: list[RecordDocument]
    version: str
    stored: RecordZip | None


def record_zip_ready(*, case: Case, version: str) -> RecordZip | None:
    """The stored archive of this version of the record, if it has been built."""
    return RecordZip.objects.filter(case=case, version=version, status=RecordZip.Status.READY).first()


def record_zip_download(*, case: Case) -> RecordZipDownload:
    """The record as it stands, its version (ETag) in the active language and its stored archive if built."""
    documents = record_documents_in_order(case=case)
    version = record_zip.record_version(case, documents)
    return RecordZipDownload(
        case=case, documents=documents, version=version, stored=record_zip_ready(case=case, version=version)
    )


def record_zip_needs_build(*, case: Case, version: str) -> bool:
    """True when no archive of this version is stored or being built (a stale claim counts as none)."""
    claim = RecordZip.objects.filter(case=case, version=version).only("status", "claimed_at").first()
    if claim is None:
        return True
    return claim.status == RecordZip.Status.BUILDING and claim.claimed_at < timezone.now() - RECORD_ZIP_STALE_CLAIM


def _due_threshold(hearing: Hearing, now: datetime.datetime) -> str | None:
    for threshold, before in REMINDER_THRESHOLDS:
        if hearing.starts_at - before <= now:
            return threshold
    return None


def hearing_reminders_due(*, now: datetime.datetime | None = None) -> list[tuple[Hearing, str]]:
    """(hearing, threshold) pairs whose reminder is due and not yet sent; two queries."""
    now = now or timezone.now()
    horizon = now + max(before for _t, before in REMINDER_THRESHOLDS)
    hearings = (
        Hearing.objects.filter(
            status=Hearing.Status.SCHEDULED,
            starts_at__gt=now,
            starts_at__lte=horizon,
            case__respondent__user__isnull=False,
            case__respondent__user__is_active=True,
        )
        .select_related("case__court", "case__respondent__user")
        .prefetch_related("reminders")
        .order_by("starts_at", "id")
    )
    due = []
    for hearing in hearings:
        threshold = _due_threshold(hearing, now)
        sent = {reminder.threshold for reminder in hearing.reminders.all()}
        if threshold and threshold not in sent:
            due.append((hearing, threshold))
    return due


# Re-exported at the end: those modules import nothing from this one.
from cases.selectors.attendance import (  # noqa: E402
    CHECK_IN_ASK_DAYS,
    CHECK_IN_CHANGE_DAYS,
    CHECK_IN_EMAIL_HOUR,
    CHECK_IN_STATUSES,
    AttendanceQuestion,
    CheckInState,
    attendance_check_ins_due,
    attendance_questions_for_user,
    check_in_opens_at,
    check_in_state,
)
from cases.selectors.lookup import PublicHearingAnswer, hearing_lookup  # noqa: E402

__all__ = [
    "CHECK_IN_ASK_DAYS",
    "CHECK_IN_CHANGE_DAYS",
    "CHECK_IN_EMAIL_HOUR",
    "CHECK_IN_STATUSES",
    "AttendanceQuestion",
    "CheckInState",
    "PublicHearingAnswer",
    "attendance_check_ins_due",
    "attendance_questions_for_user",
    "check_in_opens_at",
    "check_in_state",
    "hearing_lookup",
]
