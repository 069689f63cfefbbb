"""Fixtures of the sms tests: texts go to the locmem backend (sms.outbox), a verified number helper."""

import datetime

import pytest
import time_machine

import sms
from sms.models import MobileNumber, TextSubscription

NUMBER = "+13125550142"  # a valid Chicago number (phonenumbers metadata), fictional


@pytest.fixture(autouse=True)
def _texts_in_memory(settings):
    settings.SMS_BACKEND = "sms.backends.locmem.LocmemBackend"
    settings.SITE_URL = "https://portal.example.org"
    settings.TWILIO_AUTH_TOKEN = "test-twilio-token"
    sms.outbox = []
    yield
    sms.outbox = []


@pytest.fixture(autouse=True)
def _no_hearing_letters():
    """A hearing change also makes the notices app render a letter (seconds of WeasyPrint each): these
    tests are about texts, so that receiver is off while they run."""
    from cases.signals import hearing_changed
    from notices import receivers

    hearing_changed.disconnect(dispatch_uid="notices.hearing_changed")
    yield
    hearing_changed.connect(receivers.on_hearing_changed, dispatch_uid="notices.hearing_changed")


def verified_number(user, number: str = NUMBER, *, state: str = MobileNumber.State.ACTIVE) -> TextSubscription:
    """`user` opted in at `number` (as after entering the code)."""
    mobile, _ = MobileNumber.objects.get_or_create(number=number, defaults={"state": state})
    return TextSubscription.objects.create(
        user=user,
        mobile=mobile,
        state=TextSubscription.State.VERIFIED,
        verified_at=datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC),
        consent_version="2026-12",
    )


def at(moment):
    return time_machine.travel(moment, tick=False)
