"""Nothing is served twice and nothing falls between the channels.

Walks every service state a notice can be issued under (paper, pending verification, electronic,
suspended) x every stage the notice can be at when something happens (requested, rendered, alert
queued, email sent, email delivered) x what happens (nothing, a hard bounce, two soft bounces,
consent withdrawn); then lets every email run its course and starts the court's mailing batch.
Each notice must end served exactly once: by email (its email delivered) or on paper (in the batch).
"""

import itertools

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from cases.tests.factories import CaseFactory, RespondentFactory
from common.mail import email_deliver
from common.models import OutboundEmail
from delivery.backends import development_event, report
from delivery.models import ServiceConsent, ServicePreference, ServiceRecord
from delivery.services import service_consent_revoke
from delivery.tests.helpers import dev_mailer, verify_email
from notices.models import Notice
from notices.services import mailing_batch_start, notice_deliver, notice_request

pytestmark = pytest.mark.django_db

STATES = ["paper", "pending_verification", "electronic", "suspended"]
STAGES = ["requested", "rendered", "alert_queued", "email_sent", "email_delivered"]
HAPPENINGS = ["nothing", "hard_bounce", "soft_bounces", "withdrawn"]


def _respondent(court, state: str):
    person = RespondentFactory(user=UserFactory())
    CaseFactory(respondent=person, court=court)
    if state != "pending_verification":
        verify_email(person.user)
    if state != "paper":
        ServiceConsent.objects.create(respondent=person, user=person.user, text_version="test", language="en")
    ServicePreference.objects.create(respondent=person, state=state, email=person.user.email, since=timezone.now())
    return person


def _issue(person, court, key: str) -> Notice:
    notice, _ = notice_request(
        respondent=person,
        court=court,
        kind=Notice.Kind.HEARING,
        idempotency_key=key,
        actor=None,
        render_with_batch=True,
    )
    return notice


def _message_id(notice: Notice) -> str | None:
    email = OutboundEmail.objects.filter(refs__notice=["notices.notice", notice.pk]).first()
    return email.provider_message_id if email else None


def _advance(notice: Notice, to: str, capture) -> None:
    """Moves a notice along: rendered, in the inbox (alert queued), alert sent, alert delivered."""
    order = STAGES.index(to)
    notice.refresh_from_db()
    if order >= 1 and notice.state == Notice.State.REQUESTED:
        Notice.objects.filter(pk=notice.pk).update(state=Notice.State.RENDERED, rendered_at=timezone.now())
        notice.refresh_from_db()
    if order >= 2 and notice.state == Notice.State.RENDERED:
        with capture(execute=False):  # the alert's send task is not run here
            notice_deliver(notice=notice)
    email = OutboundEmail.objects.filter(refs__notice=["notices.notice", notice.pk]).first()
    if order >= 3 and email is not None and email.state == OutboundEmail.State.QUEUED:
        with capture(execute=True):
            email_deliver(email_id=email.pk)
    if order >= 4 and _message_id(notice):
        with capture(execute=True):
            report(development_event(event_type="delivered", message_id=_message_id(notice)))


def _happen(what: str, person, court, capture, triggers: list) -> None:
    if what == "hard_bounce":
        trigger = _issue(person, court, f"trigger:{person.pk}:hard")
        _advance(trigger, "email_sent", capture)
        triggers.append(trigger)
        if _message_id(trigger):
            with capture(execute=True):
                report(development_event(event_type="bounced", message_id=_message_id(trigger)))
    elif what == "soft_bounces":
        for n in range(2):
            trigger = _issue(person, court, f"trigger:{person.pk}:soft:{n}")
            _advance(trigger, "email_sent", capture)
            triggers.append(trigger)
            if _message_id(trigger):
                with capture(execute=True):
                    report(development_event(event_type="deferred", message_id=_message_id(trigger)))
    elif what == "withdrawn" and ServiceConsent.objects.filter(respondent=person, revoked_at__isnull=True).exists():
        with capture(execute=True):
            service_consent_revoke(respondent=person, user=person.user)


def _finish(notice: Notice, capture, bounced: set[str]) -> None:
    """Every email runs its course: sent, then delivered unless the provider bounced it."""
    _advance(notice, "email_sent", capture)
    message_id = _message_id(notice)
    if message_id and message_id not in bounced:
        with capture(execute=True):
            report(development_event(event_type="delivered", message_id=message_id))


def test_every_notice_is_served_exactly_once(court, clerk, settings, tmp_path, django_capture_on_commit_callbacks):
    dev_mailer(settings, tmp_path, report_delivered=False)
    capture = django_capture_on_commit_callbacks
    notices, triggers, cases = [], [], {}
    for state, what in itertools.product(STATES, HAPPENINGS):
        person = _respondent(court, state)
        mine = []
        for stage in STAGES:
            notice = _issue(person, court, f"walk:{person.pk}:{stage}")
            _advance(notice, stage, capture)
            mine.append(notice)
        registration = _issue_registration(person, court)
        mine.append(registration)
        before = len(triggers)
        _happen(what, person, court, capture, triggers)
        mine += triggers[before:]
        for notice in mine:
            cases[notice.pk] = (state, what)
        notices += mine
    bounced = {_message_id(t) for t in triggers}
    for notice in notices:
        _finish(notice, capture, bounced)
    with capture(execute=False):  # the print files' rendering is not needed to know what was taken
        mailing_batch_start(court=court, actor=clerk)

    problems = []
    for notice in notices:
        notice.refresh_from_db()
        record = ServiceRecord.objects.filter(notice_id=notice.pk, channel="email").first()
        by_email = not notice.serve_on_paper and record is not None and record.state in ("delivered", "complaint")
        by_paper = notice.serve_on_paper and notice.batch_id is not None
        if by_email == by_paper:
            problems.append((cases[notice.pk], notice.reason or notice.idempotency_key, by_email, by_paper))
    assert not problems, problems
    # The walk covered both channels, and the bounce rule actually moved notices to paper.
    assert Notice.objects.filter(serve_on_paper=False).exists()
    assert Notice.objects.filter(serve_on_paper=True, batch__isnull=False).count() > len(STATES) * len(HAPPENINGS)
    assert ServiceRecord.objects.filter(channel="paper").count() == Notice.objects.filter(batch__isnull=False).count()


def _issue_registration(person, court) -> Notice:
    """A registration letter (it carries an access code) is always served on paper."""
    notice, _ = notice_request(
        respondent=person,
        court=court,
        kind=Notice.Kind.REGISTRATION,
        idempotency_key=f"walk:{person.pk}:registration",
        actor=None,
        render_with_batch=True,
    )
    assert notice.serve_on_paper
    return notice
