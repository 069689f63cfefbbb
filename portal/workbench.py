"""The clerk workbench: the clerk admin's landing page is the work waiting in the clerk's courts.

One registry (`QUEUES`) lists the queues. Each says who sees it (a model permission), which rows are
its items (the owning app's selector, the path to the court, the field that dates an item), and which
changelist shows them (a URL name and the filter query; the court filter is added per court when the
list has one). A new kind of work (hearing-needs requests, say) is one more entry: the page, its
tests and the bench pick it up.

Counting stays cheap and flat at any size (ADR 0011, ADR 0115): one query answers every queue for
all the clerk's courts together (each court row annotated per queue), and each court's count stops
at CAP + 1 rows (an index-served `SELECT COUNT(*) FROM (... LIMIT CAP + 1)`); past it the page says
"more than CAP". The oldest item's age is an indexed `ORDER BY ... LIMIT 1`, in the same query.

The page is composed here, at the top, from each app's selectors (dependencies flow one way).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import DateTimeField, IntegerField, OuterRef, QuerySet, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from audit.actions import AuditAction
from audit.models import AuditEvent
from cases.models import ImmigrationCourt
from cases.scoping import staff_court_ids
from delivery import selectors as delivery_selectors
from filings import selectors as filings_selectors
from motions import selectors as motions_selectors
from notices import selectors as notices_selectors

CAP = 1000  # per queue and court: "more than 1,000" is all a clerk needs to know
RECENT_ACTIONS = 10
RECENT_ACTIONS_WITHIN = datetime.timedelta(days=30)


class CappedCount(Subquery):
    """`(SELECT COUNT(*) FROM (<sliced subquery>) capped)`: counts at most the slice's rows."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS capped)"
    output_field = IntegerField()


def queue_annotations(queue: "Queue", court_ids: list[int]) -> dict:
    """Two annotations of a court row: the queue's capped count and its oldest item's time there."""
    in_court = queue.items(court_ids).filter(**{queue.court_path: OuterRef("pk")})
    return {
        f"wb_{queue.key}_n": CappedCount(in_court.order_by().values("pk")[: CAP + 1]),
        f"wb_{queue.key}_oldest": Subquery(
            in_court.filter(**{f"{queue.age_field}__isnull": False})
            .order_by(queue.age_field)
            .values(queue.age_field)[:1],
            output_field=DateTimeField(),
        ),
    }


@dataclass(frozen=True)
class Queue:
    """One kind of work: see the module docstring. `items(court_ids)` is the app's selector of the
    queue's rows (it may narrow them to those courts); `court_path` leads from a row to its court."""

    key: str
    label: str
    permission: str
    items: Callable[[list[int]], QuerySet]
    court_path: str
    age_field: str
    changelist: str
    query: dict[str, str] = field(default_factory=dict)
    court_param: str = "court"  # every queue's list filters by court (portal/tests/test_workbench.py)

    def url(self, court_id: int) -> str:
        query = {**self.query, self.court_param: court_id}
        return f"{reverse(self.changelist)}?{urlencode(query)}"


def _filings(queue: str) -> Callable[[list[int]], QuerySet]:
    return lambda court_ids: filings_selectors.queue_filings(queue)


def _all(selector: Callable[[], QuerySet]) -> Callable[[list[int]], QuerySet]:
    return lambda court_ids: selector()


def _motions_needing_ruling(court_ids: list[int]) -> QuerySet:
    return motions_selectors.motions_needing_ruling_for_courts(court_ids=court_ids)


def _failed_deliveries(court_ids: list[int]) -> QuerySet:
    return delivery_selectors.failed_deliveries_for_courts(court_ids=court_ids)


QUEUES: list[Queue] = [
    Queue(
        key="filings_review",
        label=_("Filings waiting for review"),
        permission="filings.view_filing",
        items=_filings(filings_selectors.QUEUE_REVIEW),
        court_path="case__court",
        age_field="submitted_at",
        changelist="admin:filings_filing_changelist",
        query={"queue": filings_selectors.QUEUE_REVIEW},
    ),
    Queue(
        key="filings_scan",
        label=_("Filings waiting on a virus check for more than 10 minutes"),
        permission="filings.view_filing",
        items=_filings(filings_selectors.QUEUE_SCAN),
        court_path="case__court",
        age_field="submitted_at",
        changelist="admin:filings_filing_changelist",
        query={"queue": filings_selectors.QUEUE_SCAN},
    ),
    Queue(
        key="address_changes",
        label=_("Changes of address to review"),
        permission="filings.view_filing",
        items=_filings(filings_selectors.QUEUE_ADDRESS),
        court_path="case__court",
        age_field="submitted_at",
        changelist="admin:filings_filing_changelist",
        query={"queue": filings_selectors.QUEUE_ADDRESS},
    ),
    Queue(
        key="motions_ruling",
        label=_("Motions that need a ruling recorded"),
        permission="motions.view_motion",
        items=_motions_needing_ruling,
        court_path="case__court",
        age_field="filing__submitted_at",
        changelist="admin:motions_motion_changelist",
        query={"ruling__exact": ""},
    ),
    Queue(
        key="notices_render_failed",
        label=_("Notices that failed to render"),
        permission="notices.view_notice",
        items=_all(notices_selectors.notices_failed_to_render),
        court_path="court",
        age_field="requested_at",
        changelist="admin:notices_notice_changelist",
        query={"render": "failed"},
    ),
    Queue(
        key="batches_to_print",
        label=_("Print files waiting to be printed"),
        permission="notices.view_mailingbatch",
        items=_all(notices_selectors.mailing_batches_to_print),
        court_path="court",
        age_field="completed_at",
        changelist="admin:notices_mailingbatch_changelist",
        query={"state__exact": "ready"},
    ),
    Queue(
        key="batches_to_mail",
        label=_("Printed letters waiting to be mailed"),
        permission="notices.view_mailingbatch",
        items=_all(notices_selectors.mailing_batches_to_mail),
        court_path="court",
        age_field="printed_at",
        changelist="admin:notices_mailingbatch_changelist",
        query={"state__exact": "printed"},
    ),
    Queue(
        key="deliveries_failed",
        label=_("Failed email deliveries to review"),
        permission="delivery.view_servicerecord",
        items=_failed_deliveries,
        court_path="court",
        age_field="failed_at",
        changelist="admin:delivery_servicerecord_changelist",
        query={"queue": "open"},
    ),
]


# --- The page ------------------------------------------------------------------------------------


@dataclass
class QueueCell:
    queue: Queue
    count: int
    capped: bool
    oldest: datetime.datetime | None
    url: str


@dataclass
class CourtWork:
    court: ImmigrationCourt
    cells: list[QueueCell]

    @property
    def total(self) -> int:
        return sum(cell.count for cell in self.cells)


def queues_for(user) -> list[Queue]:
    """The queues this staff member may open (the changelist's own view permission)."""
    return [queue for queue in QUEUES if user.has_perm(queue.permission) and _reversible(queue)]


def _reversible(queue: Queue) -> bool:
    try:
        reverse(queue.changelist)
    except NoReverseMatch:
        return False
    return True


def court_work(*, user) -> list[CourtWork]:
    """Each of the user's courts (every court for a superuser) with the count and oldest item of every
    queue they may open: one query for all of it, whatever the number of courts, queues or items."""
    queues = queues_for(user)
    court_ids = staff_court_ids(user)
    if court_ids is None:
        court_ids = list(ImmigrationCourt.objects.values_list("pk", flat=True))
    if not court_ids:
        return []
    annotations = {}
    for queue in queues:
        annotations.update(queue_annotations(queue, court_ids))
    courts = ImmigrationCourt.objects.filter(pk__in=court_ids).order_by("code").annotate(**annotations)
    return [
        CourtWork(
            court=court,
            cells=[
                QueueCell(
                    queue=queue,
                    count=min(getattr(court, f"wb_{queue.key}_n"), CAP),
                    capped=getattr(court, f"wb_{queue.key}_n") > CAP,
                    oldest=getattr(court, f"wb_{queue.key}_oldest"),
                    url=queue.url(court.pk),
                )
                for queue in queues
            ],
        )
        for court in courts
    ]


# Words for the actions a clerk takes most; anything else shows its audit name.
ACTION_LABELS = {
    "filing.accepted": _("Accepted a filing"),
    "filing.rejected": _("Rejected a filing"),
    "hearing.created": _("Scheduled a hearing"),
    "hearing.changed": _("Changed a hearing"),
    "hearing.rescheduled": _("Rescheduled a hearing"),
    "hearing.adjourned": _("Adjourned a hearing"),
    "hearing.cancelled": _("Cancelled a hearing"),
    "case.created": _("Added a case"),
    "case.changed": _("Changed a case"),
    "respondent.created": _("Added a respondent"),
    "respondent.changed": _("Changed a respondent"),
    "review_reason.created": _("Added a review reason"),
    "review_reason.changed": _("Changed a review reason"),
    "notice.render_requested": _("Asked for a letter to be rendered again"),
    "mailing_batch.started": _("Started a mailing batch"),
    "mailing_batch.printed": _("Marked a mailing batch printed"),
    "mailing_batch.mailed": _("Marked a mailing batch mailed"),
}


# Recent actions are what the clerk did, as Django's panel showed additions and changes: not what they
# read (openings, downloads, searches, each audited), nor the letter a decision asks for by itself.
NOT_RECENT_ACTIONS = tuple(
    action
    for action in AuditAction.values
    if action.endswith(("downloaded", "viewed", "searched", "looked_up", "open_refused"))
    or action == "notice.requested"
)


@dataclass
class RecentAction:
    event: AuditEvent
    label: str
    url: str


def _target_url(event: AuditEvent) -> str:
    if not event.target_type or not event.target_id.isdigit():
        return ""
    app_label, _dot, model = event.target_type.partition(".")
    try:
        return reverse(f"admin:{app_label}_{model}_change", args=[event.target_id])
    except NoReverseMatch:
        return ""


def recent_actions(*, user, limit: int = RECENT_ACTIONS) -> list[RecentAction]:
    """This staff member's latest audited changes in their courts, newest first (from the audit log: the
    clerk admin writes no LogEntry, ADR 0010). One query, served by the (actor, occurred_at) index."""
    since = timezone.now() - RECENT_ACTIONS_WITHIN  # bounds the walk past reads, whatever the clerk's history
    events = (
        AuditEvent.objects.filter(actor=user, occurred_at__gte=since)
        .exclude(action__in=NOT_RECENT_ACTIONS)
        .order_by("-occurred_at", "-id")
    )
    court_ids = staff_court_ids(user)
    if court_ids is not None:
        events = events.filter(court_id__in=court_ids)
    return [
        RecentAction(event=event, label=str(ACTION_LABELS.get(event.action, event.action)), url=_target_url(event))
        for event in events[:limit]
    ]


def landing(*, user) -> dict:
    """Everything the landing page shows, as template context."""
    return {
        "court_work": court_work(user=user),
        "queues": queues_for(user),
        "recent_actions": recent_actions(user=user),
        "cap": CAP,
        "now": timezone.now(),
    }
