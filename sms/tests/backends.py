"""Backends for tests: one the provider refuses every text to, one that cannot be reached."""

from sms.backends.base import BaseSmsBackend, SmsRejected, SmsUnavailable


class RejectingBackend(BaseSmsBackend):
    provider = "rejecting"

    def send(self, *, to: str, body: str):
        raise SmsRejected("21614 not a mobile number")


class DownBackend(BaseSmsBackend):
    provider = "down"

    def send(self, *, to: str, body: str):
        raise SmsUnavailable("503")
