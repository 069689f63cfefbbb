"""One notice: issuing it, rendering it alone, delivering it to the inbox, opening and downloading it.

Every state change goes through `notice_transition`.

Issuing is idempotent by `Notice.idempotency_key`: the same hearing change, filing decision or
access code never gives a second notice. Rendering runs in the `render` queue after commit and may
run any number of times: it overwrites the same notice's PDF and never issues a code.
"""

import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac

from audit.actions import AuditAction
from audit.services import audit_record, audited
from cases.models import Case, Hearing, ImmigrationCourt, Respondent
from common.mail import email_send
from delivery.selectors import electronic_service_in_force, notice_ids_served_by_email
from delivery.services import service_record_email_create
from notices import letters, rendering, tasks
from notices.models import Notice

logger = logging.getLogger(__name__)

S = Notice.State
TRANSITIONS: dict[str, set[str]] = {
    S.REQUESTED: {S.RENDERED},
    S.RENDERED: {S.DELIVERED, S.PRINTED},
    S.DELIVERED: {S.PRINTED},
    S.PRINTED: {S.MAILED},
    S.MAILED: set(),
}
# A letter already printed is the record: it is never rendered again.
RERENDERABLE = {S.REQUESTED, S.RENDERED, S.DELIVERED}


class NoticeStateError(Exception):
    """A state change that the transition table does not allow."""


def notice_transition(notice: Notice, to: str) -> None:
    """Moves the notice to `to` (not saved); NoticeStateError when the transition table does not allow it."""
    if to not in TRANSITIONS[notice.state]:
        raise NoticeStateError(f"Notice {notice.pk}: {notice.state} -> {to} is not allowed.")
    notice.state = to


def _enqueue_render(notice_id: int) -> None:
    transaction.on_commit(lambda: tasks.notice_render.delay(notice_id))


@transaction.atomic
def notice_request(
    *,
    respondent: Respondent,
    court: ImmigrationCourt,
    kind: str,
    idempotency_key: str,
    actor,
    case: Case | None = None,
    render_with_batch: bool = False,
    **fields,
) -> tuple[Notice, bool]:
    """Creates a notice once per idempotency key and enqueues its rendering on commit; audited.

    With `render_with_batch`, nothing is enqueued: the court's next mailing batch renders it. A notice is
    served by email, not on paper, when the respondent is on electronic service as it is issued
    (registration letters, which carry an access code, always go by mail).
    """
    notice, created = Notice.objects.get_or_create(
        idempotency_key=idempotency_key,
        defaults={
            "respondent": respondent,
            "court": court,
            "case": case,
            "kind": kind,
            "languages": ",".join(rendering.letter_languages(respondent.preferred_language)),
            "render_with_batch": render_with_batch,
            "serve_on_paper": kind == Notice.Kind.REGISTRATION
            or not electronic_service_in_force(respondent_id=respondent.pk),
            **fields,
        },
    )
    if created:
        audit_record(
            actor=actor,
            actor_role=None if actor is not None else "system",
            action=AuditAction.NOTICE_REQUESTED,
            target=notice,
            case=case,
            court_id=court.pk,
            data={
                "kind": kind,
                "reason": fields.get("reason", ""),
                "served": "paper" if notice.serve_on_paper else "email",
            },
        )
        if not render_with_batch:
            _enqueue_render(notice.pk)
    return notice, created


def hearing_notice_request(*, hearing_id: int, change: str, actor) -> Notice:
    """A hearing notice for this version of the hearing (a repeated event for it is a no-op)."""
    hearing = Hearing.objects.select_related("case__court", "case__respondent").get(pk=hearing_id)
    version = hearing.updated_at.strftime("%Y%m%dT%H%M%S.%f")
    notice, _created = notice_request(
        respondent=hearing.case.respondent,
        court=hearing.case.court,
        case=hearing.case,
        kind=Notice.Kind.HEARING,
        idempotency_key=f"hearing:{hearing.pk}:{change}:{version}",
        actor=actor,
        hearing_id=hearing.pk,
        hearing_change=change[:16],
        reason=change[:32],
    )
    return notice


def filing_decision_notice_request(*, filing, actor) -> Notice:
    """The letter telling a respondent that a filing was accepted or rejected (once per decision)."""
    case = Case.objects.select_related("court", "respondent").get(pk=filing.case.pk)
    notice, _created = notice_request(
        respondent=case.respondent,
        court=case.court,
        case=case,
        kind=Notice.Kind.FILING_DECISION,
        idempotency_key=f"filing:{filing.pk}:{filing.status}",
        actor=actor,
        filing_id=filing.pk,
        filing_status=str(filing.status)[:16],
        filing_rejection_reason=getattr(filing, "rejection_reason", "") or "",
        filing_label=str(filing)[:200],
        reason=str(filing.status)[:32],
    )
    return notice


def _pdf_key(notice: Notice) -> str:
    """The notice's own storage key: unguessable, and the same on every attempt, so a render killed
    after writing its PDF but before its commit leaves no stray copy (the next attempt overwrites it)."""
    if notice.pdf_key:
        return notice.pdf_key
    token = salted_hmac("notices.pdf_key", str(notice.pk), algorithm="sha256").hexdigest()[:32]
    return f"notices/{token[:2]}/{token}.pdf"


def _store_pdf(notice: Notice, content: bytes) -> str:
    """Writes the PDF under the notice's key, replacing any old copy (tests/faults)."""
    key = _pdf_key(notice)
    if default_storage.exists(key):
        default_storage.delete(key)
    saved = default_storage.save(key, ContentFile(content))
    if saved != key:  # pragma: no cover - a storage that renames would break idempotency
        raise RuntimeError("Storage renamed a notice PDF.")
    return key


def notice_store_rendered(*, notice: Notice, pdf) -> None:
    """Stores a rendered letter under the notice's key, marks it rendered and delivers it; audited.

    The caller holds the notice's row lock. Shared by one-by-one rendering and batch chunks, so a
    letter rendered either way is stored, audited and delivered alike.
    """
    notice.pdf_key = _store_pdf(notice, pdf.content)
    notice.pdf_sha256, notice.pdf_pages, notice.pdf_size = pdf.sha256, pdf.pages, len(pdf.content)
    notice.last_error = ""
    fields = ["pdf_key", "pdf_sha256", "pdf_pages", "pdf_size", "render_attempts", "last_error"]
    if notice.state == S.REQUESTED:
        notice_transition(notice, S.RENDERED)
        notice.rendered_at = timezone.now()
        fields += ["state", "rendered_at"]
    notice.save(update_fields=fields)
    audit_record(
        actor=None,
        actor_role="system",
        action=AuditAction.NOTICE_RENDERED,
        target=notice,
        case=notice.case,
        court_id=notice.court_id,
        data={"sha256": notice.pdf_sha256, "pages": notice.pdf_pages},
    )
    if notice.state == S.RENDERED and notice.respondent.user_id is not None:
        notice_deliver(notice=notice)


def notice_render_failed(*, notice: Notice, exc: Exception) -> None:
    """Records why a letter could not be rendered; it stays `requested` and is tried again later."""
    notice.last_error = f"{type(exc).__name__}: {exc}"[:300]
    notice.save(update_fields=["render_attempts", "last_error"])


def notice_render(*, notice_id: int) -> Notice | None:
    """Renders (or re-renders) a notice's PDF and delivers it to the inbox; a printed letter is left alone.

    A letter that is in a mailing batch and already has its PDF keeps it: its print file is made
    from that PDF, and the inbox copy must stay the printed copy.
    """
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update(of=("self",))
            .select_related("respondent", "court", "case")
            .filter(pk=notice_id)
            .first()
        )
        if notice is None or notice.state not in RERENDERABLE:
            return notice
        if notice.batch_id is not None and notice.pdf_key:
            return notice
        notice.render_attempts += 1
        try:
            pdf = rendering.html_to_pdf(letters.notice_letter_html(notice))
        except Exception as exc:
            # Kept in `requested`: the periodic sweep tries again.
            notice_render_failed(notice=notice, exc=exc)
            logger.exception("notice %s: rendering failed", notice.pk)
            return notice
        notice_store_rendered(notice=notice, pdf=pdf)
    return notice


def notice_deliver(*, notice: Notice) -> None:
    """Puts a rendered letter in the account holder's inbox and emails them that it is there; audited.

    The caller holds the notice's row lock. The alert (which says nothing about the case) is queued
    in the same transaction, so it exists exactly when the delivery does. For a notice served by
    email, that alert is the service email: its service record (delivery) is written with it.
    """
    notice_transition(notice, S.DELIVERED)
    notice.delivered_at = timezone.now()
    notice.save(update_fields=["state", "delivered_at"])
    audit_record(
        actor=None, actor_role="system", action=AuditAction.NOTICE_DELIVERED, target=notice, court_id=notice.court_id
    )
    email = email_send(user=notice.respondent.user, template="notices/email/alert", objects={"notice": notice})
    if not notice.serve_on_paper:
        service_record_email_create(
            notice_id=notice.pk, respondent=notice.respondent, court_id=notice.court_id, email=email
        )


@transaction.atomic
def notices_serve_on_paper(*, respondent_id: int, notice_ids: list[int] | None, reason: str) -> int:
    """Email service failed or was withdrawn: the respondent's notices that were to be served by email,
    not yet served by email and not yet printed, are served on paper (the court's next mailing batch
    takes them); audited each. `notice_ids` None means all of them. Returns how many moved."""
    candidates = Notice.objects.select_for_update().filter(
        respondent_id=respondent_id, serve_on_paper=False, batch__isnull=True, state__in=RERENDERABLE
    )
    if notice_ids is not None:
        candidates = candidates.filter(pk__in=notice_ids)
    candidates = list(candidates)
    served = notice_ids_served_by_email(notice_ids=[n.pk for n in candidates])
    moved = [notice for notice in candidates if notice.pk not in served]
    for notice in moved:
        notice.serve_on_paper = True
        notice.save(update_fields=["serve_on_paper"])
        audit_record(
            actor=None,
            actor_role="system",
            action=AuditAction.NOTICE_PAPER_FALLBACK,
            target=notice,
            case=notice.case_id,
            court_id=notice.court_id,
            data={"reason": reason[:32]},
        )
    return len(moved)


@transaction.atomic
def notice_mark_read(*, notice: Notice, user) -> Notice:
    """The respondent opened the notice in the inbox (first time only)."""
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


@audited(AuditAction.NOTICE_DOWNLOADED)
def notice_download_record(*, notice: Notice, actor, reason: str = "") -> None:
    """Audits a download of the notice's PDF (respondent in the inbox or staff in the admin, with
    the reason staff typed for a letter that carries an access code)."""
    audit_record(
        actor=actor,
        action=AuditAction.NOTICE_DOWNLOADED,
        target=notice,
        case=notice.case,
        court_id=notice.court_id,
        data={"reason": reason} if reason else None,
    )
    if notice.read_at is None and getattr(notice.respondent, "user_id", None) == getattr(actor, "pk", -1):
        notice_mark_read(notice=notice, user=actor)


def stuck_notices_requeue(*, older_than) -> int:
    """Periodic sweep: re-enqueues notices still `requested` after `older_than` (a lost message).

    Letters left for a mailing batch, or already in one, are rendered by its print file tasks.
    """
    cutoff = timezone.now() - older_than
    stuck = Notice.objects.filter(
        state=S.REQUESTED, requested_at__lt=cutoff, render_with_batch=False, batch__isnull=True
    )
    ids = list(stuck.values_list("pk", flat=True)[:1000])
    for notice_id in ids:
        tasks.notice_render.delay(notice_id)
    return len(ids)


@transaction.atomic
def notices_render_again(*, notices: QuerySet[Notice], actor) -> int:
    """Queues the chosen letters (clerk admin) to be rendered again; audited each. A printed letter is the
    record, and a letter in a mailing batch keeps the PDF its print file is made from: both are skipped."""
    count = 0
    batched = Q(batch__isnull=False) & ~Q(pdf_key="")
    for notice in notices.filter(state__in=RERENDERABLE).exclude(batched):
        audit_record(actor=actor, action=AuditAction.NOTICE_RENDER_REQUESTED, target=notice)
        _enqueue_render(notice.pk)
        count += 1
    return count
