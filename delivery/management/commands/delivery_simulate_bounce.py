"""Simulates the mail provider reporting a bounce of a respondent's latest service email (development).

    manage.py delivery_simulate_bounce --respondent A123456789 --hard
    manage.py delivery_simulate_bounce --email maria@example.org --soft

The event goes down the same path as a provider's signed webhook (anymail's `tracking` signal), so the
bounce rule runs exactly as in production: a hard bounce (or a second soft one within 72 hours)
suspends electronic service and puts notices not yet served by email into the next mailing batch.
"""

from django.core.management.base import BaseCommand, CommandError

from cases.anumbers import try_parse_a_number
from cases.models import Respondent
from delivery.backends import development_event, report
from delivery.models import ServiceRecord


class Command(BaseCommand):
    help = "Feed a simulated bounce of a respondent's latest service email through the provider-event path."

    def add_arguments(self, parser):
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--respondent", help="the respondent's A-number")
        who.add_argument("--email", help="the respondent's account email address")
        kind = parser.add_mutually_exclusive_group()
        kind.add_argument("--hard", action="store_true", help="a permanent failure (the default)")
        kind.add_argument("--soft", action="store_true", help="a temporary failure")

    def handle(self, *args, respondent=None, email=None, hard=False, soft=False, **options):
        person = self._respondent(a_number=respondent, email=email)
        record = (
            ServiceRecord.objects.filter(respondent=person, channel=ServiceRecord.Channel.EMAIL)
            .exclude(email__provider_message_id="")
            .select_related("email")
            .order_by("-id")
            .first()
        )
        if record is None:
            raise CommandError("This respondent has no service email with a message id yet.")
        event_type = "deferred" if soft else "bounced"
        report(
            development_event(
                event_type=event_type,
                message_id=record.email.provider_message_id,
                recipient=record.destination,
                description="simulated " + ("temporary" if soft else "permanent") + " failure",
            )
        )
        record.refresh_from_db()
        self.stdout.write(
            f"Notice {record.notice_id}: {event_type} reported; its service record is now {record.state}."
        )

    def _respondent(self, *, a_number, email) -> Respondent:
        if a_number:
            person = Respondent.objects.filter(a_number=try_parse_a_number(a_number) or "").first()
        else:
            person = Respondent.objects.filter(user__email__iexact=email.strip()).first()
        if person is None:
            raise CommandError("No respondent matches.")
        return person
