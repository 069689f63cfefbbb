from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.services import access_code_issue, access_code_mark_mailed, access_code_plaintext
from cases.anumbers import format_a_number, parse_a_number
from cases.models import Respondent


class Command(BaseCommand):
    help = "Issues a new access code for a respondent (revoking the old one) and prints it; valid from now."

    def add_arguments(self, parser):
        parser.add_argument("a_number", help="The respondent's A-number, in any accepted form.")
        parser.add_argument("--reason", default="operator", help="Why the code is issued (audit log).")

    def handle(self, *args, a_number, reason, **options):
        try:
            stored = parse_a_number(a_number)
        except ValidationError as exc:
            raise CommandError(" ".join(str(m) for m in exc.messages)) from exc
        respondent = Respondent.objects.filter(a_number=stored).first()
        if respondent is None:
            raise CommandError(f"No respondent with A-number {format_a_number(stored)}.")
        if respondent.user_id is not None:
            self.stderr.write("Warning: this respondent already has an account; the code will be refused.")
        code = access_code_issue(respondent=respondent, actor=None, reason=reason)
        # Handed over by an operator: the validity window starts now.
        access_code_mark_mailed(access_code=code, mailed_at=timezone.now())
        self.stdout.write(
            f"{format_a_number(stored)}  {access_code_plaintext(code)}  (valid until {code.expires_at:%Y-%m-%d})"
        )
