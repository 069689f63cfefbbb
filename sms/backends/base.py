"""The backend interface: `send(to=..., body=...)` hands one text to the provider and answers its id.

A backend raises one of three errors, and the outbox (sms.services.outbox) acts on each:
- SmsRejected: the provider refuses this number for good (not a mobile, invalid, unreachable); the
  text fails and counts towards the number's two failures;
- SmsOptedOut: the person replied STOP to the provider; the number stops, nothing fails;
- SmsUnavailable (or any other exception): the provider could not be reached; the sweep tries again.
"""

from dataclasses import dataclass


class SmsRejected(Exception):
    """The provider will not deliver to this number."""


class SmsOptedOut(Exception):
    """The provider says this number opted out (STOP)."""


class SmsUnavailable(Exception):
    """The provider could not take the text now."""


@dataclass(frozen=True)
class SentText:
    provider: str
    message_id: str


class BaseSmsBackend:
    provider = "base"

    def __init__(self, **options) -> None:
        self.options = options

    def send(self, *, to: str, body: str) -> SentText:  # pragma: no cover - interface
        raise NotImplementedError
