"""The provider backends: console and file for development, Twilio and Amazon SNS (no network)."""

import io
from unittest import mock

import boto3
import pytest
from botocore.stub import Stubber
from twilio.base.exceptions import TwilioRestException

from sms.backends import SmsOptedOut, SmsRejected, SmsUnavailable, get_backend
from sms.backends.console import ConsoleBackend
from sms.backends.filebased import FileBackend
from sms.backends.sns import SnsBackend
from sms.backends.twilio import TwilioBackend


def test_console_prints_the_text():
    stream = io.StringIO()
    sent = ConsoleBackend(stream=stream).send(to="+13125550142", body="New hearing: Monday.")
    assert sent.provider == "console" and sent.message_id in stream.getvalue()
    assert "--- text to +13125550142" in stream.getvalue() and "New hearing: Monday." in stream.getvalue()


def test_file_backend_writes_one_file_per_text(tmp_path):
    FileBackend(file_path=tmp_path).send(to="+13125550142", body="Reminder: á")
    [written] = list(tmp_path.iterdir())
    assert written.read_text(encoding="utf-8").startswith("To: +13125550142\n")
    assert "Reminder: á" in written.read_text(encoding="utf-8")


def test_the_setting_chooses_the_backend(settings):
    settings.SMS_BACKEND = "sms.backends.filebased.FileBackend"
    assert isinstance(get_backend(), FileBackend)


def test_twilio_sends_with_the_messaging_service_and_a_status_callback(settings):
    settings.TWILIO_MESSAGING_SERVICE_SID = "MG123"
    client = mock.Mock()
    client.messages.create.return_value = mock.Mock(sid="SM42")
    sent = TwilioBackend(client=client).send(to="+13125550142", body="hi")
    assert sent.message_id == "SM42"
    client.messages.create.assert_called_once_with(
        to="+13125550142",
        body="hi",
        status_callback="https://portal.example.org/sms/webhooks/twilio/status/",
        messaging_service_sid="MG123",
    )


@pytest.mark.parametrize(
    ("code", "error"), [(21610, SmsOptedOut), (21614, SmsRejected), (21211, SmsRejected), (20429, SmsUnavailable)]
)
def test_twilio_errors_map_to_what_the_outbox_does(settings, code, error):
    client = mock.Mock()
    client.messages.create.side_effect = TwilioRestException(400, "uri", msg="no", code=code)
    with pytest.raises(error):
        TwilioBackend(client=client).send(to="+13125550142", body="hi")


def test_sns_publishes_a_transactional_text(settings):
    settings.SMS_FROM_NUMBER = "+13125550100"
    client = boto3.client("sns", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    with Stubber(client) as stub:
        stub.add_response(
            "publish",
            {"MessageId": "abc-1"},
            {
                "PhoneNumber": "+13125550142",
                "Message": "hi",
                "MessageAttributes": {
                    "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"},
                    "AWS.MM.SMS.OriginationNumber": {"DataType": "String", "StringValue": "+13125550100"},
                },
            },
        )
        assert SnsBackend(client=client).send(to="+13125550142", body="hi").message_id == "abc-1"
        stub.add_client_error("publish", service_error_code="InvalidParameter")
        with pytest.raises(SmsRejected):
            SnsBackend(client=client).send(to="+13125550142", body="hi")
        stub.add_client_error("publish", service_error_code="Throttling")
        with pytest.raises(SmsUnavailable):
            SnsBackend(client=client).send(to="+13125550142", body="hi")
