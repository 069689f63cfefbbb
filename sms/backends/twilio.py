"""Twilio Programmable Messaging (the twilio library). Settings: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN,
and TWILIO_MESSAGING_SERVICE_SID or SMS_FROM_NUMBER. Delivery reports come back signed to
/sms/webhooks/twilio/status/ (sms.webhooks)."""

from django.conf import settings
from django.urls import reverse
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client

from sms.backends.base import BaseSmsBackend, SentText, SmsOptedOut, SmsRejected, SmsUnavailable

# https://www.twilio.com/docs/api/errors: the number itself cannot get texts.
REJECTED_CODES = {21211, 21214, 21217, 21401, 21407, 21408, 21612, 21614, 30003, 30005, 30006}
OPTED_OUT_CODES = {21610}


class TwilioBackend(BaseSmsBackend):
    provider = "twilio"

    def __init__(self, client=None, **options) -> None:
        super().__init__(**options)
        self.client = client or Client(settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN)

    def send(self, *, to: str, body: str) -> SentText:
        sender = (
            {"messaging_service_sid": settings.TWILIO_MESSAGING_SERVICE_SID}
            if settings.TWILIO_MESSAGING_SERVICE_SID
            else {"from_": settings.SMS_FROM_NUMBER}
        )
        callback = settings.SITE_URL.rstrip("/") + reverse("sms:twilio_status")
        try:
            message = self.client.messages.create(to=to, body=body, status_callback=callback, **sender)
        except TwilioRestException as exc:
            if exc.code in OPTED_OUT_CODES:
                raise SmsOptedOut(str(exc.code)) from exc
            if exc.code in REJECTED_CODES:
                raise SmsRejected(str(exc.code)) from exc
            raise SmsUnavailable(str(exc.code or exc.status)) from exc
        except TwilioException as exc:
            raise SmsUnavailable(type(exc).__name__) from exc
        return SentText(self.provider, message.sid)
