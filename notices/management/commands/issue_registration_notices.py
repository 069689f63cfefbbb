"""manage.py issue_registration_notices --court CODE: a code and a letter for each eligible respondent.

Eligible: a pending case in the court, no attorney of record, no portal account, and no registration
letter waiting to be mailed (so running it again issues nothing new for those already done).
"""

from django.core.management.base import BaseCommand, CommandError

from cases.models import ImmigrationCourt
from notices.services import registration_notices_issue_for_court


class Command(BaseCommand):
    help = "Issues registration notices (access code + letter) for a court's unrepresented respondents."

    def add_arguments(self, parser):
        parser.add_argument("--court", required=True, help="Court code, e.g. TST")
        parser.add_argument("--batch-size", type=int, default=500, help="Respondents per database round")
        parser.add_argument("--limit", type=int, default=None, help="Stop after this many notices")

    def handle(self, *args, court: str, batch_size: int, limit: int | None, **options):
        found = ImmigrationCourt.objects.filter(code=court.upper()).first()
        if found is None:
            raise CommandError(f"No court with code {court!r}.")
        issued = registration_notices_issue_for_court(court=found, actor=None, batch_size=batch_size, limit=limit)
        self.stdout.write(f"{issued} registration notices issued for {found.code}.")
