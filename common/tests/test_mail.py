"""The one email path: an outbox row in the caller's transaction, one task with an id, sent once."""

from pathlib import Path

import pytest
from django.core import mail
from django.db import transaction
from django.template import TemplateDoesNotExist

from accounts.tests.factories import UserFactory
from cases.tests.factories import CaseFactory
from common import tasks
from common.mail import MAX_ATTEMPTS, email_deliver, email_send, email_sweep_stuck
from common.models import OutboundEmail

pytestmark = pytest.mark.django_db
TEMPLATE = "tests/email/hello"


@pytest.fixture(autouse=True)
def _test_templates(settings):
    dirs = [*settings.TEMPLATES[0]["DIRS"], Path(__file__).parent / "templates"]
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": dirs}]


@pytest.fixture
def person():
    return UserFactory(email="persona@example.org", preferred_language="es")


def test_an_email_is_sent_after_commit_in_the_persons_language(person, django_capture_on_commit_callbacks):
    case = CaseFactory()
    with django_capture_on_commit_callbacks(execute=True):
        email_send(user=person, template=TEMPLATE, objects={"case": case})
        assert not mail.outbox  # nothing leaves before the change is committed
    [message] = mail.outbox
    assert message.to == ["persona@example.org"]
    assert message.subject == f"Recibimos su presentación de documentos {case.pk}"
    assert f"persona@example.org: {case.court.code}" in message.body
    assert "Portal de Acceso para Demandados" in message.body  # the portal's name in the person's language
    row = OutboundEmail.objects.get()
    assert row.state == OutboundEmail.State.SENT and row.sent_at and row.attempts == 1
    assert row.refs == {"case": ["cases.case", case.pk]}  # ids only


def test_a_rolled_back_change_sends_nothing(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        email_send(user=person, template=TEMPLATE)
        raise RuntimeError("the change failed")
    assert not OutboundEmail.objects.exists()
    assert not mail.outbox


def test_the_task_takes_the_outbox_id_only(person, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks.email_deliver, "delay", lambda *args, **kwargs: sent.append((args, kwargs)))
    with django_capture_on_commit_callbacks(execute=True):
        email = email_send(user=person, template=TEMPLATE)
    assert sent == [((email.pk,), {})]


def test_an_email_is_sent_once_however_often_its_task_runs(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = email_send(user=person, template=TEMPLATE)
    assert email_deliver(email_id=email.pk) is False
    assert len(mail.outbox) == 1


def test_a_lost_message_is_sent_by_the_sweep(person, django_capture_on_commit_callbacks, monkeypatch):
    from datetime import timedelta

    monkeypatch.setattr(tasks.email_deliver, "delay", lambda *a, **k: None)  # the broker lost it
    with django_capture_on_commit_callbacks(execute=True):
        email_send(user=person, template=TEMPLATE)
    monkeypatch.undo()
    assert not mail.outbox
    assert email_sweep_stuck(older_than=timedelta(minutes=10)) == 0  # too young to call stuck
    assert email_sweep_stuck(older_than=timedelta(0)) == 1
    assert len(mail.outbox) == 1
    assert OutboundEmail.objects.get().state == OutboundEmail.State.SENT


def test_a_failing_mail_server_keeps_the_email_queued_then_gives_up(person, monkeypatch):
    email = email_send(user=person, template=TEMPLATE)

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("common.mail.EmailMessage.send", refuse)
    for _attempt in range(MAX_ATTEMPTS - 1):
        email_deliver(email_id=email.pk)
        email.refresh_from_db()
        assert email.state == OutboundEmail.State.QUEUED
    email_deliver(email_id=email.pk)
    email.refresh_from_db()
    assert email.state == OutboundEmail.State.FAILED and email.attempts == MAX_ATTEMPTS
    assert email.last_error == "ConnectionRefusedError"


def test_a_misspelt_template_fails_in_the_caller(person):
    with pytest.raises(TemplateDoesNotExist):
        email_send(user=person, template="tests/email/helo")
    assert not OutboundEmail.objects.exists()


def test_an_email_about_something_deleted_meanwhile_is_not_sent(person, django_capture_on_commit_callbacks):
    other = UserFactory()
    email = email_send(user=person, template=TEMPLATE, objects={"case": other})
    other_pk = other.pk
    OutboundEmail.objects.filter(pk=email.pk).update(refs={"case": ["accounts.user", other_pk + 1000]})
    assert email_deliver(email_id=email.pk) is False
    assert OutboundEmail.objects.get().state == OutboundEmail.State.FAILED
    assert not mail.outbox
