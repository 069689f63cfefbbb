"""Development default: each text is printed to standard output (and so to the worker's log)."""

import sys
import threading
import uuid

from sms.backends.base import BaseSmsBackend, SentText


class ConsoleBackend(BaseSmsBackend):
    provider = "console"
    _lock = threading.Lock()

    def __init__(self, stream=None, **options) -> None:
        super().__init__(**options)
        self.stream = stream or sys.stdout

    def send(self, *, to: str, body: str) -> SentText:
        message_id = f"console-{uuid.uuid4().hex}"
        with self._lock:
            self.stream.write(f"--- text to {to} ({message_id})\n{body}\n")
            self.stream.flush()
        return SentText(self.provider, message_id)
