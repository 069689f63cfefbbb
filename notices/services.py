"""Issuing, rendering and delivering notices. Every state change goes through `_transition`.

Issuing is idempotent by `Notice.idempotency_key`: the same hearing change, filing decision or
access code never gives a second notice. Rendering runs in the `render` queue after commit and may
run any number of times: it overwrites the same notice's PDF and never issues a code.
"""

import logging

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from audit.services import audit_record
from cases.models import Case, Hearing, ImmigrationCourt, Respondent
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


def _transition(notice: Notice, to: str) -> None:
    if to not in TRANSITIONS[notice.state]:
        raise NoticeStateError(f"Notice {notice.pk}: {notice.state} -> {to} is not allowed.")
    notice.state = to


def _user(actor_id: int | None):
    if actor_id is None:
        return None
    return get_user_model().objects.filter(pk=actor_id).first()


def _enqueue_render(notice_id: int) -> None:
    from notices.tasks import render_notice

    transaction.on_commit(lambda: render_notice.delay(notice_id))


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

    With `render_with_batch`, nothing is enqueued: the court's next mailing batch renders it.
    """
    from notices.rendering import letter_languages

    notice, created = Notice.objects.get_or_create(
        idempotency_key=idempotency_key,
        defaults={
            "respondent": respondent,
            "court": court,
            "case": case,
            "kind": kind,
            "languages": ",".join(letter_languages(respondent.preferred_language)),
            "render_with_batch": render_with_batch,
            **fields,
        },
    )
    if created:
        audit_record(
            actor=actor,
            actor_role=None if actor is not None else "system",
            action="notice.requested",
            target=notice,
            case=case,
            court_id=court.pk,
            data={"kind": kind, "reason": fields.get("reason", "")},
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


def _court_of(respondent: Respondent) -> ImmigrationCourt:
    case = respondent.cases.select_related("court").order_by("-opened_on", "-id").first()
    if case is None:
        raise ValueError(f"Respondent {respondent.pk} has no case: no court to send a letter from.")
    return case.court


def registration_notice_for_code(*, respondent_id: int, access_code_id: int, actor, reason: str) -> Notice:
    """The letter that mails an access code the accounts app already issued (lost code, reissue)."""
    respondent = Respondent.objects.get(pk=respondent_id)
    notice, _created = notice_request(
        respondent=respondent,
        court=_court_of(respondent),
        kind=Notice.Kind.REGISTRATION,
        idempotency_key=f"registration:code:{access_code_id}",
        actor=actor,
        access_code_id=access_code_id,
        reason=(reason or "")[:32],
    )
    return notice


def open_registration_notice(respondent: Respondent) -> Notice | None:
    """A registration notice not yet mailed: while one exists, issuing another would waste a code."""
    return (
        Notice.objects.filter(respondent=respondent, kind=Notice.Kind.REGISTRATION)
        .exclude(state=Notice.State.MAILED)
        .first()
    )


@transaction.atomic
def registration_notice_issue(
    *, respondent: Respondent, actor, reason: str = "clerk", court=None, render_with_batch: bool = False
) -> Notice | None:
    """Issues an access code and its letter; skips (None) when an unmailed registration letter exists."""
    from accounts.codes import access_code_issue

    respondent = Respondent.objects.select_for_update().get(pk=respondent.pk)
    if respondent.user_id is not None or open_registration_notice(respondent) is not None:
        return None
    code = access_code_issue(respondent=respondent, actor=actor, reason=reason)
    notice, _created = notice_request(
        respondent=respondent,
        court=court or _court_of(respondent),
        kind=Notice.Kind.REGISTRATION,
        idempotency_key=f"registration:code:{code.pk}",
        actor=actor,
        access_code_id=code.pk,
        reason=reason[:32],
        render_with_batch=render_with_batch,
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
        _transition(notice, S.RENDERED)
        notice.rendered_at = timezone.now()
        fields += ["state", "rendered_at"]
    notice.save(update_fields=fields)
    audit_record(
        actor=None,
        actor_role="system",
        action="notice.rendered",
        target=notice,
        case=notice.case,
        court_id=notice.court_id,
        data={"sha256": notice.pdf_sha256, "pages": notice.pdf_pages},
    )
    if notice.state == S.RENDERED and notice.respondent.user_id is not None:
        _deliver(notice)


def notice_render_failed(*, notice: Notice, exc: Exception) -> None:
    """Records why a letter could not be rendered; it stays `requested` and is tried again later."""
    notice.last_error = f"{type(exc).__name__}: {exc}"[:300]
    notice.save(update_fields=["render_attempts", "last_error"])


def notice_render(*, notice_id: int) -> Notice | None:
    """Renders (or re-renders) a notice's PDF and delivers it to the inbox; a printed letter is left alone.

    A letter that is in a mailing batch and already has its PDF keeps it: its print file is made
    from that PDF, and the inbox copy must stay the printed copy.
    """
    from notices.letters import notice_letter_html
    from notices.rendering import html_to_pdf

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
            pdf = html_to_pdf(notice_letter_html(notice))
        except Exception as exc:
            # Kept in `requested`: the periodic sweep tries again.
            notice_render_failed(notice=notice, exc=exc)
            logger.exception("notice %s: rendering failed", notice.pk)
            return notice
        notice_store_rendered(notice=notice, pdf=pdf)
    return notice


def _deliver(notice: Notice) -> None:
    from notices.tasks import send_notice_alert

    _transition(notice, S.DELIVERED)
    notice.delivered_at = timezone.now()
    notice.save(update_fields=["state", "delivered_at"])
    audit_record(actor=None, actor_role="system", action="notice.delivered", target=notice, court_id=notice.court_id)
    notice_id = notice.pk
    transaction.on_commit(lambda: send_notice_alert.delay(notice_id))


@transaction.atomic
def notice_mark_read(*, notice: Notice, user) -> Notice:
    """The respondent opened the notice in the inbox (first time only)."""
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


@transaction.atomic
def notice_download_record(*, notice: Notice, actor, reason: str = "") -> None:
    """Audits a download of the notice's PDF (respondent in the inbox or staff in the admin, with
    the reason staff typed for a letter that carries an access code)."""
    audit_record(
        actor=actor,
        action="notice.downloaded",
        target=notice,
        case=notice.case,
        court_id=notice.court_id,
        data={"reason": reason} if reason else None,
    )
    if notice.read_at is None and getattr(notice.respondent, "user_id", None) == getattr(actor, "pk", -1):
        notice_mark_read(notice=notice, user=actor)


def notice_alert_send(*, notice_id: int) -> bool:
    """Emails the account holder that a letter is in the inbox; says nothing about the case."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation

    notice = Notice.objects.select_related("respondent__user").filter(pk=notice_id).first()
    user = notice.respondent.user if notice else None
    if user is None or not user.email:
        return False
    with translation.override(getattr(user, "preferred_language", "") or notice.respondent.preferred_language):
        context = {
            "inbox_url": settings.SITE_URL.rstrip("/") + reverse("notices:inbox"),
            "portal_name": settings.PORTAL_NAME,
            "support_phone": settings.SUPPORT_PHONE,
        }
        subject = render_to_string("notices/email/alert_subject.txt", context).strip()
        body = render_to_string("notices/email/alert_body.txt", context)
    send_mail(subject, body, None, [user.email])
    return True


def stuck_notices_requeue(*, older_than) -> int:
    """Periodic sweep: re-enqueues notices still `requested` after `older_than` (a lost message).

    Letters left for a mailing batch, or already in one, are rendered by its print file tasks.
    """
    from notices.tasks import render_notice

    cutoff = timezone.now() - older_than
    stuck = Notice.objects.filter(
        state=S.REQUESTED, requested_at__lt=cutoff, render_with_batch=False, batch__isnull=True
    )
    ids = list(stuck.values_list("pk", flat=True)[:1000])
    for notice_id in ids:
        render_notice.delay(notice_id)
    return len(ids)


def registration_candidates(*, court):
    """Unrepresented respondents with a pending case in the court, no account and no unmailed letter."""
    from django.db.models import Exists, OuterRef

    open_letter = Notice.objects.filter(respondent=OuterRef("pk"), kind=Notice.Kind.REGISTRATION).exclude(
        state=Notice.State.MAILED
    )
    eligible_case = Case.objects.filter(
        respondent=OuterRef("pk"), court=court, attorney_of_record=False, status=Case.Status.PENDING
    )
    return (
        Respondent.objects.filter(user__isnull=True)
        .filter(Exists(eligible_case))
        .exclude(Exists(open_letter))
        .order_by("pk")
    )


def registration_notices_issue_for_court(*, court, actor, batch_size: int = 500, limit: int | None = None) -> int:
    """Bulk: a code and a letter for every candidate of the court, in batches; re-running skips those done.

    The letters are rendered by the court's next mailing batch (many to a document), not one by one.
    """
    issued, last_pk = 0, 0
    while limit is None or issued < limit:
        ids = list(
            registration_candidates(court=court).filter(pk__gt=last_pk).values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            break
        for respondent in Respondent.objects.filter(pk__in=ids).order_by("pk"):
            if registration_notice_issue(
                respondent=respondent, actor=actor, reason="clerk", court=court, render_with_batch=True
            ):
                issued += 1
            if limit is not None and issued >= limit:
                break
        last_pk = ids[-1]
    audit_record(
        actor=actor,
        actor_role=None if actor is not None else "system",
        action="notice.registration_issued_for_court",
        court_id=court.pk,
        data={"issued": issued},
    )
    return issued
