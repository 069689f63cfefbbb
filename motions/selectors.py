"""Reads of the motions app: the legal fact in force on a date, fees and deadlines of a motion, the
reopening and appeal countdowns, the address history of a reopening, and the clerk's queue."""

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, Hearing
from filings.models import AddressChange, Filing, FilingDocument
from filings.selectors import address_line, extension_for
from filings.selectors import current_address as filing_current_address
from motions.models import CaseDecision, LegalFact, Motion, MotionType, ZipCourt
from notices.models import Notice

K = LegalFact.Key
# Used only when no row is in force (an empty table): the statutory values, so nothing breaks.
FALLBACK = {
    K.FEE_MOTION_PENDING: 0,
    K.FEE_REOPEN_NO_NOTICE: 0,
    K.DAYS_DOCUMENTS_BEFORE_MASTER: 15,
    K.DAYS_REOPEN_IN_ABSENTIA: 180,
    K.DAYS_BIA_APPEAL: 30,
}
ACTIVE_FILING = (Filing.Status.SUBMITTED, Filing.Status.ACCEPTED)


def court_today(case: Case, now: datetime.datetime | None = None) -> datetime.date:
    """Today in the case's court time zone (the day deadlines are counted in)."""
    return timezone.localtime(now or timezone.now(), case.court.tz).date()


def fact_in_force(*, key: str, on: datetime.date) -> LegalFact | None:
    """The legal fact with this key in force on `on`: the latest `effective_from` on or before it."""
    return LegalFact.objects.filter(key=key, effective_from__lte=on).order_by("-effective_from", "-id").first()


def fact_value(*, key: str, on: datetime.date) -> int | None:
    fact = fact_in_force(key=key, on=on)
    if fact is not None:
        return fact.value
    return FALLBACK.get(key)


@dataclass(frozen=True)
class Fee:
    amount: int | None  # dollars; None: no rule in force for that date
    fact: LegalFact | None
    waiver_possible: bool

    @property
    def free(self) -> bool:
        return self.amount == 0


def motion_fee(*, motion_type: MotionType, answers: dict, on: datetime.date) -> Fee:
    """The fee of a motion filed on `on`: free while proceedings are pending and for a reopening for
    lack of notice; otherwise the reopening fee in force that day, with a fee waiver (EOIR-26A) offered."""
    if motion_type.fee_rule == MotionType.FeeRule.REOPEN:
        key = K.FEE_REOPEN_NO_NOTICE if answers.get("got_notice") == "no" else K.FEE_REOPEN
    else:
        key = K.FEE_MOTION_PENDING
    fact = fact_in_force(key=key, on=on)
    amount = fact.value if fact is not None else FALLBACK.get(key)
    return Fee(amount=amount, fact=fact, waiver_possible=bool(amount))


def current_address(respondent) -> dict:
    return filing_current_address(respondent)


def court_for_zip(postal_code: str):
    """The immigration court that serves a ZIP code (ZIP+4 accepted), or None when the table has no row."""
    row = ZipCourt.objects.select_related("court").filter(zip_code=(postal_code or "").strip()[:5]).first()
    return row.court if row else None


def latest_address_change(*, case: Case) -> AddressChange | None:
    """The newest change of address (EOIR-33) of the case that was not withdrawn or rejected."""
    return (
        AddressChange.objects.filter(case=case)
        .exclude(filing__status__in=[Filing.Status.CANCELLED, Filing.Status.REJECTED])
        .select_related("filing")
        .order_by("-submitted_at", "-id")
        .first()
    )


# --- Countdowns ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReopenCountdown:
    decision: CaseDecision
    limit_days: int
    day_number: int  # 0 on the day of the order
    last_day: datetime.date

    @property
    def days_left(self) -> int:
        return self.limit_days - self.day_number

    @property
    def within_limit(self) -> bool:
        return self.day_number <= self.limit_days


_UNSET = object()


def latest_decision(*, case: Case) -> CaseDecision | None:
    return CaseDecision.objects.filter(case=case).order_by("-decided_on", "-id").first()


def in_absentia_decision(*, case: Case, decision=_UNSET) -> CaseDecision | None:
    """The case's latest decision when it is an in absentia order, else None (`decision`: already read)."""
    if decision is _UNSET:
        decision = latest_decision(case=case)
    if decision is None or decision.kind != CaseDecision.Kind.IN_ABSENTIA:
        return None
    return decision


def reopen_countdown(*, case: Case, today: datetime.date | None = None, decision=_UNSET) -> ReopenCountdown | None:
    """Days of the 180 (the rule in force today) since the in absentia order; None without one."""
    decision = in_absentia_decision(case=case, decision=decision)
    if decision is None:
        return None
    today = today or court_today(case)
    limit = fact_value(key=K.DAYS_REOPEN_IN_ABSENTIA, on=today)
    return ReopenCountdown(
        decision=decision,
        limit_days=limit,
        day_number=(today - decision.decided_on).days,
        last_day=decision.decided_on + datetime.timedelta(days=limit),
    )


@dataclass(frozen=True)
class AppealCountdown:
    decided_on: datetime.date
    due_on: datetime.date
    extended_to: datetime.date | None
    until_service_back: bool
    days_left: int | None


def appeal_countdown(*, case: Case, today: datetime.date | None = None, decision=_UNSET) -> AppealCountdown | None:
    """The 30 days (rule in force on the decision date) in which the BIA must *receive* an appeal of a
    decision entered after a hearing, moved like a filing deadline when an outage touched the last day."""
    if decision is _UNSET:
        decision = latest_decision(case=case)
    if decision is not None and decision.kind == CaseDecision.Kind.IN_ABSENTIA:
        return None  # the remedy is a reopening, counted by reopen_countdown
    decided_on = decision.decided_on if decision else (case.decided_on if case.status == Case.Status.DECIDED else None)
    if decided_on is None:
        return None
    today = today or court_today(case)
    due_on = decided_on + datetime.timedelta(days=fact_value(key=K.DAYS_BIA_APPEAL, on=decided_on))
    extended_to, until_back, _outages = extension_for(due_on, case.court.tz)
    last_day = extended_to or due_on
    return AppealCountdown(
        decided_on=decided_on,
        due_on=due_on,
        extended_to=extended_to,
        until_service_back=until_back,
        days_left=None if until_back else (last_day - today).days,
    )


def stay_from(*, motion: Motion) -> datetime.date | None:
    """The date from which a filed reopening stays removal, until a ruling is entered (None otherwise)."""
    if motion.motion_type.flow != MotionType.Flow.REOPEN or motion.ruling or motion.filing_id is None:
        return None
    filing = motion.filing
    if filing.status not in ACTIVE_FILING or filing.submitted_at is None:
        return None
    return filing.submitted_at_local.date()


def stays_for_case(*, case: Case) -> list[datetime.date]:
    motions = Motion.objects.filter(case=case, motion_type__flow=MotionType.Flow.REOPEN, ruling="").select_related(
        "filing__case__court", "motion_type"
    )
    return [day for day in (stay_from(motion=m) for m in motions) if day]


# --- Address history (reopening for lack of notice) ----------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    day: datetime.date
    kind: str  # "address", "notice", "current"
    text: str
    detail: str = ""


def address_timeline(*, case: Case) -> list[TimelineEntry]:
    """The address history the court has, with the notices it sent and when: EOIR-33 filings (date,
    new address, whether the court applied it) and each notice's issue, mailing and portal delivery."""
    tz = case.court.tz
    entries: list[TimelineEntry] = []
    changes = AddressChange.objects.filter(case=case).select_related("filing").order_by("submitted_at")
    for change in changes:
        status = change.filing.get_status_display() if change.filing_id else ""
        entries.append(
            TimelineEntry(
                day=timezone.localtime(change.submitted_at, tz).date(),
                kind="address",
                text=address_line(change.new_address),
                detail=status,
            )
        )
    notices = Notice.objects.filter(case=case).exclude(kind=Notice.Kind.REGISTRATION).order_by("requested_at")
    for notice in notices:
        moments = [("requested", notice.requested_at), ("mailed", notice.mailed_at), ("delivered", notice.delivered_at)]
        for what, moment in moments:
            if moment is not None:
                entries.append(
                    TimelineEntry(
                        day=timezone.localtime(moment, tz).date(),
                        kind=f"notice_{what}",
                        text=str(notice.get_kind_display()),
                        detail=str(notice.pk),
                    )
                )
    entries.sort(key=lambda e: e.day)
    entries.append(
        TimelineEntry(day=court_today(case), kind="current", text=address_line(filing_current_address(case.respondent)))
    )
    return entries


# --- Pages ---------------------------------------------------------------------------------------


def motion_types_offered() -> QuerySet[MotionType]:
    return MotionType.objects.filter(active=True).order_by("position", "slug")


def motions_of_case(*, case: Case) -> QuerySet[Motion]:
    return Motion.objects.filter(case=case).select_related("motion_type", "filing").order_by("-created_at")


def upcoming_hearings(*, case: Case) -> QuerySet[Hearing]:
    return Hearing.objects.filter(case=case, status=Hearing.Status.SCHEDULED, starts_at__gt=timezone.now()).order_by(
        "starts_at"
    )


def earlier_continuances(*, case: Case) -> list[Hearing]:
    """Hearings of the case that were adjourned or replaced by a later one (its hearing history)."""
    hearings = Hearing.objects.filter(case=case).select_related("replaced_by").order_by("starts_at")
    return [h for h in hearings if h.status == Hearing.Status.ADJOURNED or hasattr(h, "replaced_by")]


def evidence_of(*, motion: Motion) -> list[FilingDocument]:
    """The person's uploaded documents of the motion's filing (not what the portal made), in order."""
    if motion.filing_id is None:
        return []
    return list(
        motion.filing.documents.filter(generated=False).select_related("motion_exhibit").order_by("created_at", "id")
    )


def missing_exhibits(*, motion: Motion) -> list[str]:
    """Keys of exhibits the answers make necessary that have no document yet (a fee waiver's EOIR-26A)."""
    needed = [e["key"] for e in motion.motion_type.exhibits if e.get("required")]
    if motion.answers.get("fee_choice") == "waiver":
        needed.append("fee_waiver")
    have = {doc.motion_exhibit.exhibit_key for doc in evidence_of(motion=motion) if hasattr(doc, "motion_exhibit")}
    return [key for key in needed if key not in have]


# --- Clerk side ----------------------------------------------------------------------------------


@dataclass
class ClerkView:
    deadline_state: str
    deadline_late: bool
    days_to_hearing: int | None
    extra: dict = field(default_factory=dict)


def days_to_next_hearing(*, case: Case, now: datetime.datetime | None = None) -> int | None:
    now = now or timezone.now()
    hearing = (
        Hearing.objects.filter(case=case, status=Hearing.Status.SCHEDULED, starts_at__gt=now)
        .order_by("starts_at")
        .first()
    )
    if hearing is None:
        return None
    return (timezone.localtime(hearing.starts_at, case.court.tz).date() - court_today(case, now)).days


def _hearing_deadline_state(motion: Motion, filed_on: datetime.date) -> tuple[str, bool]:
    hearing = Hearing.objects.filter(pk=motion.answers.get("hearing"), case_id=motion.case_id).first()
    if hearing is None:
        return _("No hearing named"), False
    days = fact_value(key=K.DAYS_DOCUMENTS_BEFORE_MASTER, on=filed_on)
    due_on = timezone.localtime(hearing.starts_at, motion.case.court.tz).date() - datetime.timedelta(days=days)
    if filed_on <= due_on or motion.filing.timely_by_outage:
        return _("On time (due %(date)s)") % {"date": due_on.isoformat()}, False
    return _("Late: due %(date)s, %(days)s days before the hearing") % {"date": due_on.isoformat(), "days": days}, True


def _reopen_deadline_state(motion: Motion, filed_on: datetime.date) -> tuple[str, bool]:
    if motion.answers.get("got_notice") == "no":
        return _("No deadline: lack of notice"), False
    decision = in_absentia_decision(case=motion.case)
    if decision is None:
        return _("No in absentia order on file"), True
    limit = fact_value(key=K.DAYS_REOPEN_IN_ABSENTIA, on=filed_on)
    day = (filed_on - decision.decided_on).days
    if day <= limit:
        return _("Within %(limit)s days (day %(day)s)") % {"limit": limit, "day": day}, False
    return _("Past %(limit)s days (day %(day)s)") % {"limit": limit, "day": day}, True


def deadline_state(*, motion: Motion) -> tuple[str, bool]:
    """The deadline of a filed motion as the clerk reads it, by the rules in force on its filing date:
    (words, late?)."""
    filing = motion.filing
    if filing is None or filing.submitted_at is None:
        return _("Not filed yet"), False
    filed_on = filing.submitted_at_local.date()
    rule = motion.motion_type.deadline_rule
    if rule == MotionType.DeadlineRule.HEARING:
        return _hearing_deadline_state(motion, filed_on)
    if rule == MotionType.DeadlineRule.REOPEN:
        return _reopen_deadline_state(motion, filed_on)
    return _("No deadline"), False


def motions_needing_ruling_for_courts(*, court_ids) -> QuerySet[Motion]:
    """Filed motions of these courts that wait for the judge's ruling: reopenings first (they stay a
    removal), then by queue priority and filing time (oldest first)."""
    return (
        Motion.objects.filter(case__court_id__in=court_ids, filing__status__in=ACTIVE_FILING, ruling="")
        .select_related("motion_type", "filing", "case__court", "case__respondent")
        .order_by("motion_type__priority", "filing__submitted_at", "id")
    )


# --- Dashboard -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardCard:
    """What the dashboard shows of a case's guided requests: the countdowns and a reopening's stay."""

    case: Case
    reopen: ReopenCountdown | None
    appeal: AppealCountdown | None
    stays: list[datetime.date]

    @property
    def shown(self) -> bool:
        return bool(self.reopen or self.appeal or self.stays)


def dashboard_cards(*, cases: list[Case]) -> dict[int, DashboardCard]:
    """For the respondent's dashboard, by case id: the reopening countdown (an in absentia order), the
    appeal countdown (another decision) and the stays of removal in force. One query for every case's
    decisions; more only for a case that has a decision."""
    latest: dict[int, CaseDecision] = {}
    for decision in CaseDecision.objects.filter(case__in=cases).order_by("case_id", "-decided_on", "-id"):
        latest.setdefault(decision.case_id, decision)
    cards = {}
    for case in cases:
        decision = latest.get(case.pk)
        if decision is None and case.status != Case.Status.DECIDED:
            cards[case.pk] = DashboardCard(case=case, reopen=None, appeal=None, stays=[])
            continue
        reopen = reopen_countdown(case=case, decision=decision)
        cards[case.pk] = DashboardCard(
            case=case,
            reopen=reopen,
            appeal=None if reopen else appeal_countdown(case=case, decision=decision),
            stays=stays_for_case(case=case) if reopen else [],
        )
    return cards
