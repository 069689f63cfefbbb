"""One file per text under SMS_FILE_PATH (var/sms/ by default): for the demo and for tests."""

import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from sms.backends.base import BaseSmsBackend, SentText


class FileBackend(BaseSmsBackend):
    provider = "file"

    def __init__(self, file_path=None, **options) -> None:
        super().__init__(**options)
        self.path = Path(file_path or settings.SMS_FILE_PATH)

    def send(self, *, to: str, body: str) -> SentText:
        self.path.mkdir(parents=True, exist_ok=True)
        message_id = uuid.uuid4().hex
        name = f"{timezone.now():%Y%m%d-%H%M%S}-{message_id[:12]}.txt"
        (self.path / name).write_text(f"To: {to}\nId: {message_id}\n\n{body}\n", encoding="utf-8")
        return SentText(self.provider, message_id)
