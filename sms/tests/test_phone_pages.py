"""Adding a number on /account/phone/, proving it with the texted code (the opt-in), and removing it."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

import sms
from audit.models import AuditEvent
from sms.models import MobileNumber, OutboundText, TextSubscription, VerificationCode
from sms.tests.conftest import NUMBER, at, verified_number

PHONE = "/account/phone/"


def add_number(client, number, capture):
    with capture(execute=True):
        return client.post(reverse("sms:phone"), {"number": number})


def texted_code() -> str:
    return re.search(r"\b(\d{6})\b", sms.outbox[-1].body).group(1)


def verify(client, code):
    return client.post(reverse("sms:phone_verify"), {"code": code})


def test_add_and_verify_a_number(respondent_client, respondent, django_capture_on_commit_callbacks):
    assert respondent_client.get(PHONE).status_code == 200
    response = add_number(respondent_client, "(312) 555-0142", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    page = respondent_client.get(PHONE)
    assert "We sent a 6-digit code to (312) 555-0142" in page.content.decode()
    assert [t.to for t in sms.outbox] == [NUMBER]
    code = texted_code()
    assert "expires in 10 minutes" in sms.outbox[0].body
    stored = VerificationCode.objects.get()
    assert code not in stored.digest and len(stored.digest) == 64
    assert OutboundText.objects.get(kind="verification").body == "[code removed after sending]"

    response = verify(respondent_client, code)
    assert response.status_code == 302
    subscription = TextSubscription.objects.get(user=respondent.user)
    assert subscription.state == TextSubscription.State.VERIFIED
    assert subscription.consent_version == "2026-12"
    assert subscription.verified_at is not None
    assert str(subscription.mobile.number) == NUMBER
    event = AuditEvent.objects.get(action="sms_phone.verified")
    assert event.data["last_four"] == "0142" and event.actor == respondent.user
    page = respondent_client.get(PHONE).content.decode()
    assert "Hearing texts go to <strong>(312) 555-0142</strong>" in page


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("312-555-FLOW", "Letters are not allowed"),
        ("1-800-FLOWERS", "Letters are not allowed"),
        ("555-0142", "This is not a working phone number"),
        ("+1 555 555 0100", "This is not a working phone number"),
        ("1-800-555-0100", "cannot get text messages"),
        ("312#555#0142", "Enter a phone number such as 312-555-0142"),
        ("", "Enter your mobile phone number"),
    ],
)
def test_bad_numbers_get_a_clear_message_and_keep_what_was_typed(
    respondent_client, number, message, django_capture_on_commit_callbacks
):
    response = add_number(respondent_client, number, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert message in response.content.decode()
    if number:
        assert f'value="{number}"' in response.content.decode()
    assert not TextSubscription.objects.exists() and not sms.outbox


def test_a_landline_is_warned_about_but_the_code_is_sent(respondent_client, django_capture_on_commit_callbacks):
    response = add_number(respondent_client, "+44 20 7183 8750", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    page = respondent_client.get(PHONE).content.decode()
    assert "looks like a landline" in page
    assert MobileNumber.objects.get().line_type == MobileNumber.LineType.LANDLINE
    assert [t.to for t in sms.outbox] == ["+442071838750"]


def test_a_wrong_code_counts_and_too_many_void_it(respondent_client, django_capture_on_commit_callbacks):
    add_number(respondent_client, "312 555 0142", django_capture_on_commit_callbacks)
    code = texted_code()
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(4):
        response = verify(respondent_client, wrong)
        assert "That code is not right" in response.content.decode()
    response = verify(respondent_client, wrong)
    assert "Too many wrong codes" in response.content.decode()
    response = verify(respondent_client, code)  # even the right one, now
    assert "Too many wrong codes" in response.content.decode()
    assert TextSubscription.objects.get().state == TextSubscription.State.PENDING


def test_a_code_in_the_wrong_shape_is_refused_before_it_counts(respondent_client, django_capture_on_commit_callbacks):
    add_number(respondent_client, "312 555 0142", django_capture_on_commit_callbacks)
    response = verify(respondent_client, "12a45")
    assert "Enter the 6 digits from the text message" in response.content.decode()
    assert VerificationCode.objects.get().tries == 0


def test_an_expired_code_and_a_replaced_code_are_refused(respondent_client, django_capture_on_commit_callbacks):
    add_number(respondent_client, "312 555 0142", django_capture_on_commit_callbacks)
    first = texted_code()
    with at(timezone.now() + datetime.timedelta(minutes=11)):
        response = verify(respondent_client, first)
    assert "This code has expired" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        respondent_client.post(reverse("sms:code_resend"))
    second = texted_code()
    assert "This code has expired" in verify(respondent_client, first).content.decode()
    assert verify(respondent_client, second).status_code == 302


def test_a_used_code_is_refused(respondent_client, django_capture_on_commit_callbacks):
    add_number(respondent_client, "312 555 0142", django_capture_on_commit_callbacks)
    code = texted_code()
    assert verify(respondent_client, code).status_code == 302
    response = verify(respondent_client, code)
    assert response.status_code == 200
    assert "This code was already used" in response.content.decode()


def test_codes_are_limited_per_hour(respondent_client, django_capture_on_commit_callbacks):
    add_number(respondent_client, "312 555 0142", django_capture_on_commit_callbacks)
    for _ in range(4):
        respondent_client.post(reverse("sms:code_resend"))
    response = respondent_client.post(reverse("sms:code_resend"), follow=True)
    assert "You asked for too many codes" in response.content.decode()
    assert VerificationCode.objects.count() == 5


def test_a_number_already_verified_is_not_added_twice(
    respondent_client, respondent, django_capture_on_commit_callbacks
):
    verified_number(respondent.user)
    response = add_number(respondent_client, "312-555-0142", django_capture_on_commit_callbacks)
    assert "already verified on your account" in response.content.decode()
    assert not sms.outbox


def test_a_new_number_replaces_the_old_one_once_verified(
    respondent_client, respondent, django_capture_on_commit_callbacks
):
    old = verified_number(respondent.user)
    add_number(respondent_client, "+1 646 555 0100", django_capture_on_commit_callbacks)
    old.refresh_from_db()
    assert old.state == TextSubscription.State.VERIFIED  # until the new number is proven
    verify(respondent_client, texted_code())
    old.refresh_from_db()
    assert old.state == TextSubscription.State.REMOVED
    current = TextSubscription.objects.get(user=respondent.user, state="verified")
    assert str(current.mobile.number) == "+16465550100"


def test_removing_the_number_ends_the_opt_in_and_is_audited(respondent_client, respondent):
    subscription = verified_number(respondent.user)
    response = respondent_client.post(reverse("sms:phone_remove"), follow=True)
    assert "Your number was removed" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.state == TextSubscription.State.REMOVED and subscription.removed_at
    assert subscription.consent_version == "2026-12"  # the consent record stays
    assert AuditEvent.objects.filter(action="sms_phone.removed").count() == 1


def test_the_account_page_links_to_text_reminders(respondent_client):
    page = respondent_client.get(reverse("accounts:account")).content.decode()
    assert 'href="/account/phone/"' in page
