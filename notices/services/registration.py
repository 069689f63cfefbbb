"""Registration letters: an access code and the letter that mails it.

A respondent has at most one registration letter on its way: while one is not yet mailed, issuing
another would waste a code, so it is skipped. Letters issued in bulk wait for the court's next
mailing batch, which renders them many to a document.
"""

from django.db import transaction

from accounts.services import access_code_issue
from audit.actions import AuditAction
from audit.services import audit_record
from cases.models import Respondent
from notices.models import Notice
from notices.selectors import court_for_respondent, open_registration_notice, registration_candidates
from notices.services.notices import notice_request


def registration_notice_for_code(*, respondent_id: int, access_code_id: int, actor, reason: str) -> Notice:
    """The letter that mails an access code the accounts app already issued (lost code, reissue)."""
    respondent = Respondent.objects.get(pk=respondent_id)
    notice, _created = notice_request(
        respondent=respondent,
        court=court_for_respondent(respondent),
        kind=Notice.Kind.REGISTRATION,
        idempotency_key=f"registration:code:{access_code_id}",
        actor=actor,
        access_code_id=access_code_id,
        reason=(reason or "")[:32],
    )
    return notice


@transaction.atomic
def registration_notice_issue(
    *, respondent: Respondent, actor, reason: str = "clerk", court=None, render_with_batch: bool = False
) -> Notice | None:
    """Issues an access code and its letter; skips (None) when an unmailed registration letter exists."""
    respondent = Respondent.objects.select_for_update().get(pk=respondent.pk)
    if respondent.user_id is not None or open_registration_notice(respondent) is not None:
        return None
    code = access_code_issue(respondent=respondent, actor=actor, reason=reason)
    notice, _created = notice_request(
        respondent=respondent,
        court=court or court_for_respondent(respondent),
        kind=Notice.Kind.REGISTRATION,
        idempotency_key=f"registration:code:{code.pk}",
        actor=actor,
        access_code_id=code.pk,
        reason=reason[:32],
        render_with_batch=render_with_batch,
    )
    return notice


def registration_notices_issue_for_respondents(*, respondents, actor) -> int:
    """A code and a letter for each chosen respondent without an account (clerk admin action); returns
    how many were issued. Skips those with an unmailed letter; each issue is audited."""
    issued = 0
    for respondent in respondents.filter(user__isnull=True):
        if registration_notice_issue(respondent=respondent, actor=actor, reason="clerk"):
            issued += 1
    return issued


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
        action=AuditAction.NOTICE_REGISTRATION_ISSUED_FOR_COURT,
        court_id=court.pk,
        data={"issued": issued},
    )
    return issued
