"""Text providers behind one interface, chosen by the SMS_BACKEND setting (like Django's mail backends).

sms.backends.console.ConsoleBackend   development default: prints each text
sms.backends.filebased.FileBackend    one file per text under SMS_FILE_PATH (var/sms/)
sms.backends.locmem.LocmemBackend     tests: appends to sms.outbox
sms.backends.twilio.TwilioBackend     production: Twilio (twilio library)
sms.backends.sns.SnsBackend           production: Amazon SNS (boto3)
"""

from django.conf import settings
from django.utils.module_loading import import_string

from sms.backends.base import BaseSmsBackend, SentText, SmsOptedOut, SmsRejected, SmsUnavailable

__all__ = ["BaseSmsBackend", "SentText", "SmsOptedOut", "SmsRejected", "SmsUnavailable", "get_backend"]


def get_backend(path: str | None = None, **options) -> BaseSmsBackend:
    """An instance of the configured backend (or of `path`)."""
    return import_string(path or settings.SMS_BACKEND)(**options)
