"""Tests: each text is appended to `sms.outbox` (a list of LocmemText), like django.core.mail.outbox."""

import uuid
from dataclasses import dataclass

import sms
from sms.backends.base import BaseSmsBackend, SentText


@dataclass(frozen=True)
class LocmemText:
    to: str
    body: str
    message_id: str


class LocmemBackend(BaseSmsBackend):
    provider = "locmem"

    def __init__(self, **options) -> None:
        super().__init__(**options)
        if not hasattr(sms, "outbox"):
            sms.outbox = []

    def send(self, *, to: str, body: str) -> SentText:
        message_id = f"locmem-{uuid.uuid4().hex}"
        sms.outbox.append(LocmemText(to=to, body=body, message_id=message_id))
        return SentText(self.provider, message_id)
