"""Texts from phones through the providers' signed webhooks: STOP, START and HELP in English and
Spanish, each stored and acted on; a bad signature is refused and stores nothing."""

import base64
import datetime
import io
import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from twilio.request_validator import RequestValidator

import sms
from audit.models import AuditEvent
from sms import sns_messages
from sms.models import InboundText, MobileNumber, OutboundText
from sms.tests.conftest import NUMBER, verified_number

TWILIO_URL = "https://portal.example.org/sms/webhooks/twilio/"
TOPIC = "arn:aws:sns:us-east-1:123456789012:portal-inbound-sms"


def twilio_post(client, body: str, *, sid: str = "SM0001", sender: str = NUMBER, signature: str | None = None):
    params = {"MessageSid": sid, "From": sender, "To": "+13125550100", "Body": body}
    if signature is None:
        signature = RequestValidator("test-twilio-token").compute_signature(TWILIO_URL, params)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("sms:twilio_inbound"), params, headers={"x-twilio-signature": signature})


@pytest.fixture
def on_file(respondent):
    return verified_number(respondent.user)


@pytest.mark.parametrize("word", ["STOP", "stop", " Stop. ", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"])
def test_english_stop_words_stop_texts_to_the_number(client, on_file, word):
    response = twilio_post(client, word)
    assert response.status_code == 200 and response["Content-Type"] == "text/xml"
    on_file.mobile.refresh_from_db()
    assert on_file.mobile.state == MobileNumber.State.STOPPED
    inbound = InboundText.objects.get()
    assert (inbound.keyword, inbound.mobile, inbound.body) == ("stop", on_file.mobile, word)
    assert AuditEvent.objects.get(action="sms_number.stopped").data["accounts"] == [on_file.user_id]
    assert [t.to for t in sms.outbox] == [NUMBER]  # the confirmation, in the respondent's language
    assert OutboundText.objects.get().kind == "stopped"


@pytest.mark.parametrize("word", ["PARAR", "Alto", "DETENER", "cancelar", "BAJA", "Párar", "no más"])
def test_spanish_stop_words_stop_too(client, on_file, word):
    twilio_post(client, word)
    on_file.mobile.refresh_from_db()
    assert on_file.mobile.state == MobileNumber.State.STOPPED


def test_a_sentence_with_stop_in_it_is_stored_but_not_a_keyword(client, on_file):
    twilio_post(client, "Please do not stop my hearing")
    on_file.mobile.refresh_from_db()
    assert on_file.mobile.state == MobileNumber.State.ACTIVE
    assert InboundText.objects.get().keyword == "other"
    assert sms.outbox == []


def test_start_after_stop_resumes_and_help_answers(client, on_file, respondent):
    respondent.preferred_language = "en"
    respondent.save(update_fields=["preferred_language"])
    twilio_post(client, "STOP", sid="SM1")
    twilio_post(client, "START", sid="SM2")
    on_file.mobile.refresh_from_db()
    assert on_file.mobile.state == MobileNumber.State.ACTIVE
    assert AuditEvent.objects.filter(action="sms_number.started").count() == 1
    twilio_post(client, "help", sid="SM3")
    assert [t.kind for t in OutboundText.objects.order_by("pk")] == ["stopped", "started", "help"]
    assert sms.outbox[0].body == "You will get no more hearing texts. Reply START to get them again."
    help_text = sms.outbox[-1].body
    assert "(555) 010-0199" in help_text and "STOP to end" in help_text
    assert [i.keyword for i in InboundText.objects.order_by("pk")] == ["stop", "start", "help"]


def test_a_stop_from_a_number_not_on_file_is_stored_and_answered(client, db):
    response = twilio_post(client, "BAJA", sender="+16465550100")
    assert response.status_code == 200
    inbound = InboundText.objects.get()
    assert inbound.mobile is None and inbound.keyword == "stop"
    assert [t.to for t in sms.outbox] == ["+16465550100"]
    assert not MobileNumber.objects.exists()


def test_a_providers_retry_is_stored_and_acted_on_once(client, on_file):
    twilio_post(client, "STOP", sid="SM9")
    twilio_post(client, "STOP", sid="SM9")
    assert InboundText.objects.count() == 1
    assert len(sms.outbox) == 1


@pytest.mark.parametrize("signature", ["", "forged", base64.b64encode(b"x" * 20).decode()])
def test_a_bad_twilio_signature_is_refused_and_nothing_is_stored(client, on_file, signature):
    response = twilio_post(client, "STOP", signature=signature)
    assert response.status_code == 403
    assert not InboundText.objects.exists() and not sms.outbox
    on_file.mobile.refresh_from_db()
    assert on_file.mobile.state == MobileNumber.State.ACTIVE


def test_a_signature_for_other_fields_is_refused(client, on_file):
    params = {"MessageSid": "SM1", "From": NUMBER, "To": "+13125550100", "Body": "HELLO"}
    signature = RequestValidator("test-twilio-token").compute_signature(TWILIO_URL, params)
    assert twilio_post(client, "STOP", signature=signature).status_code == 403


def test_without_a_twilio_token_every_request_is_refused(client, on_file, settings):
    settings.TWILIO_AUTH_TOKEN = ""
    assert twilio_post(client, "STOP", signature="anything").status_code == 403


# --- Amazon SNS ------------------------------------------------------------------------------------


@pytest.fixture
def sns_key(settings, monkeypatch):
    """A signing key and its certificate, served as if from sns.us-east-1.amazonaws.com."""
    settings.SMS_SNS_TOPIC_ARN = TOPIC
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sns.amazonaws.com")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    pem = certificate.public_bytes(serialization.Encoding.PEM)
    monkeypatch.setattr(sns_messages, "fetch_certificate", lambda url: pem)
    return key


def sns_message(key, body: str, *, topic: str = TOPIC, message_id: str = "in-1") -> dict:
    inner = {
        "originationNumber": NUMBER,
        "destinationNumber": "+13125550100",
        "messageKeyword": "KEYWORD_123456789012",
        "messageBody": body,
        "inboundMessageId": message_id,
    }
    message = {
        "Type": "Notification",
        "MessageId": f"sns-{message_id}",
        "TopicArn": topic,
        "Message": json.dumps(inner),
        "Timestamp": "2026-12-03T12:00:00.000Z",
        "SignatureVersion": "2",
        "SigningCertURL": "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem",
    }
    signature = key.sign(sns_messages.string_to_sign(message), padding.PKCS1v15(), hashes.SHA256())
    message["Signature"] = base64.b64encode(signature).decode()
    return message


def sns_post(client, message: dict):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("sms:sns_inbound"), json.dumps(message), content_type="text/plain")


def test_a_signed_sns_stop_stops_the_number(client, on_file, sns_key):
    assert sns_post(client, sns_message(sns_key, "Parar")).status_code == 204
    on_file.mobile.refresh_from_db()
    assert on_file.mobile.state == MobileNumber.State.STOPPED
    assert InboundText.objects.get().provider == "sns"


@pytest.mark.parametrize("tamper", ["body", "topic", "cert_url", "version"])
def test_a_tampered_sns_message_is_refused_and_nothing_is_stored(client, on_file, sns_key, tamper):
    message = sns_message(sns_key, "HELP")
    if tamper == "body":
        message["Message"] = message["Message"].replace("HELP", "STOP")
    elif tamper == "topic":
        message = sns_message(sns_key, "STOP", topic="arn:aws:sns:us-east-1:999999999999:someone-else")
    elif tamper == "cert_url":
        message["SigningCertURL"] = "https://evil.example.org/sns.pem"
    else:
        message["SignatureVersion"] = "3"
    assert sns_post(client, message).status_code == 403
    assert not InboundText.objects.exists() and not sms.outbox


def test_garbage_is_refused(client, db, sns_key):
    assert client.post(reverse("sms:sns_inbound"), "not json", content_type="text/plain").status_code == 403


# --- delivery reports ------------------------------------------------------------------------------


def test_twilio_failure_reports_count_once_each_and_two_mark_the_number_failed(client, on_file, mailoutbox):
    texts = [
        OutboundText.objects.create(
            mobile=on_file.mobile,
            to=NUMBER,
            kind="reminder_7d",
            body="x",
            state="sent",
            provider="twilio",
            provider_message_id=f"SM{n}",
        )
        for n in range(2)
    ]
    url = "https://portal.example.org/sms/webhooks/twilio/status/"
    for text in [texts[0], texts[0], texts[1]]:
        params = {"MessageSid": text.provider_message_id, "MessageStatus": "undelivered", "ErrorCode": "30003"}
        signature = RequestValidator("test-twilio-token").compute_signature(url, params)
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = client.post(reverse("sms:twilio_status"), params, headers={"x-twilio-signature": signature})
        assert response.status_code == 204
    on_file.mobile.refresh_from_db()
    assert on_file.mobile.state == MobileNumber.State.FAILED
    assert on_file.mobile.failed_sends == 2
    assert len(mailoutbox) == 1


def test_a_signed_subscription_to_our_topic_is_confirmed(client, db, sns_key, monkeypatch):
    opened = []
    monkeypatch.setattr("sms.webhooks.urllib.request.urlopen", lambda url, timeout: opened.append(url) or io.BytesIO())
    message = {
        "Type": "SubscriptionConfirmation",
        "MessageId": "sub-1",
        "Token": "token-1",
        "TopicArn": TOPIC,
        "Message": "You have chosen to subscribe to the topic.",
        "SubscribeURL": "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=token-1",
        "Timestamp": "2026-12-03T12:00:00.000Z",
        "SignatureVersion": "1",
        "SigningCertURL": "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem",
    }
    signature = sns_key.sign(sns_messages.string_to_sign(message), padding.PKCS1v15(), hashes.SHA1())  # noqa: S303
    message["Signature"] = base64.b64encode(signature).decode()
    assert sns_post(client, message).status_code == 204
    assert opened == [message["SubscribeURL"]]
    assert not InboundText.objects.exists()


def test_the_development_command_receives_a_stop_without_a_provider(on_file, capsys):
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("sms_receive", "--from", "(312) 555-0142", "Stop")
    assert "Received stop from +13125550142 (on file)." in capsys.readouterr().out
    on_file.mobile.refresh_from_db()
    assert on_file.mobile.state == MobileNumber.State.STOPPED
    assert sms.outbox[-1].to == NUMBER
