"""`manage.py sms_receive --from +13125550142 STOP`: a text from a phone, as if a provider's webhook had
brought it (development and demo: no provider needed). It is stored and acted on like any inbound
text: STOP stops the number, START resumes it, HELP is answered (the reply goes to the backend)."""

import uuid

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sms.services.inbound import inbound_receive


class Command(BaseCommand):
    help = "Receive a text from a phone (STOP, START, HELP...) without a provider (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="sender", required=True, help="the phone number it comes from")
        parser.add_argument("body", nargs="+", help="the text, e.g. STOP")

    def handle(self, *args, sender: str, body: list[str], **options):
        if settings.PRODUCTION:
            raise CommandError("sms_receive simulates a provider: it does not run in production.")
        inbound = inbound_receive(
            provider="console", message_id=f"console-{uuid.uuid4().hex}", from_number=sender, body=" ".join(body)
        )
        on_file = "on file" if inbound.mobile_id else "not on file"
        self.stdout.write(f"Received {inbound.keyword} from {inbound.from_number} ({on_file}).")
