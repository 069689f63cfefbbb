"""One way to send an email to a person: `email_send` writes an outbox row and queues one task.

- The caller passes the person, a template name and the objects the email is about; only their ids
  travel (outbox row, task argument). Nothing that identifies the person sits in the broker.
- The row is written in the caller's transaction, so the email exists exactly when the change that
  caused it does; the task is queued on commit, and `email_sweep_stuck` re-queues a row whose
  message was lost (broker down). A row is sent once: the worker claims it under a row lock.
- The worker renders `<template>_subject.txt` and `<template>_message.txt` in the person's
  language, with `user`, the named objects, and the portal's name, address and help line.
"""

import logging
from collections.abc import Mapping
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from common import tasks
from common.models import OutboundEmail
from common.portal_name import portal_name_lazy
from common.signals import email_failed, email_sent

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def _ref(obj: models.Model) -> list:
    return [obj._meta.label_lower, obj.pk]


def email_send(*, user, template: str, objects: Mapping[str, models.Model] | None = None) -> OutboundEmail:
    """Queues one templated email to `user` about `objects` (sent after the current transaction commits)."""
    get_template(f"{template}_subject.txt")  # a misspelt template fails here, in the caller, not in a worker
    get_template(f"{template}_message.txt")
    email = OutboundEmail.objects.create(
        recipient_id=user.pk, template=template, refs={name: _ref(obj) for name, obj in (objects or {}).items()}
    )
    email_id = email.pk
    transaction.on_commit(lambda: tasks.email_deliver.delay(email_id), robust=True)
    return email


def _load(refs: dict) -> dict | None:
    loaded = {}
    for name, (label, pk) in refs.items():
        obj = apps.get_model(label)._default_manager.filter(pk=pk).first()
        if obj is None:
            return None
        loaded[name] = obj
    return loaded


def _render(email: OutboundEmail, user, objects: dict) -> tuple[str, str]:
    context = {
        **objects,
        "user": user,
        "PORTAL_NAME": portal_name_lazy(),  # read in the person's language, inside the override below
        "SITE_URL": settings.SITE_URL.rstrip("/"),
        "SUPPORT_PHONE": settings.SUPPORT_PHONE,
        "SUPPORT_EMAIL": settings.SUPPORT_EMAIL,
    }
    language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        subject = " ".join(render_to_string(f"{email.template}_subject.txt", context).split())
        body = render_to_string(f"{email.template}_message.txt", context)
    return subject, body


def _provider_message_id(message: EmailMessage) -> str:
    """The provider's id for a sent message: django-anymail backends (and delivery's development backend)
    set `anymail_status.message_id`; other backends give none."""
    message_id = getattr(getattr(message, "anymail_status", None), "message_id", None)
    return str(message_id)[:255] if isinstance(message_id, str | int) else ""


def _announce(email: OutboundEmail) -> None:
    """Tells subscribers (after commit) that an email was sent or will never be."""
    email_id, message_id, sent_at, reason = email.pk, email.provider_message_id, email.sent_at, email.last_error
    if email.state == OutboundEmail.State.SENT:
        transaction.on_commit(
            lambda: email_sent.send(sender=OutboundEmail, email_id=email_id, message_id=message_id, sent_at=sent_at),
            robust=True,
        )
    elif email.state == OutboundEmail.State.FAILED:
        transaction.on_commit(
            lambda: email_failed.send(sender=OutboundEmail, email_id=email_id, reason=reason), robust=True
        )


def _send(email: OutboundEmail, user, subject: str, body: str) -> None:
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    message.send()
    email.provider_message_id = _provider_message_id(message)
    email.state, email.sent_at, email.last_error = OutboundEmail.State.SENT, timezone.now(), ""


def email_deliver(*, email_id: int) -> bool:
    """Sends one queued email (worker) and keeps the provider's message id; False when it was sent
    already, or has nothing left to say. Subscribers hear of the outcome after commit (common.signals)."""
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, state=OutboundEmail.State.QUEUED)
            .first()
        )
        if email is None:
            return False  # sent, failed for good, or being sent by another worker right now
        user = get_user_model()._default_manager.filter(pk=email.recipient_id).first()
        objects = _load(email.refs)
        if user is None or not user.email or objects is None:
            email.state, email.last_error = OutboundEmail.State.FAILED, "recipient or subject no longer exists"
            email.save(update_fields=["state", "last_error"])
            _announce(email)
            return False
        email.attempts += 1
        try:
            subject, body = _render(email, user, objects)
            if not subject:
                email.state, email.last_error = OutboundEmail.State.FAILED, "nothing to send"
            else:
                _send(email, user, subject, body)
        except Exception as exc:  # SMTP, rendering: kept for the sweep, given up after MAX_ATTEMPTS
            logger.warning("email %s (%s) not sent: %s", email.pk, email.template, type(exc).__name__)
            email.last_error = type(exc).__name__[:200]
            if email.attempts >= MAX_ATTEMPTS:
                email.state = OutboundEmail.State.FAILED
        email.save(update_fields=["state", "attempts", "last_error", "sent_at", "provider_message_id"])
        _announce(email)
    return email.state == OutboundEmail.State.SENT


def email_sweep_stuck(*, older_than: timedelta) -> int:
    """Periodic: re-queues emails still queued after `older_than` (a lost message or a failed try)."""
    cutoff = timezone.now() - older_than
    ids = list(
        OutboundEmail.objects.filter(state=OutboundEmail.State.QUEUED, created_at__lt=cutoff)
        .order_by("id")
        .values_list("pk", flat=True)[:1000]
    )
    for email_id in ids:
        tasks.email_deliver.delay(email_id)
    return len(ids)
