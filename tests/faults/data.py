"""Set-up steps of the fault tests, run inside a fresh Django process against the private services.

`python -m tests.faults.data <command> [<command> ...]` runs the steps in order (each gets what the
earlier ones returned) and prints one JSON line: one Django start-up for several steps. The test process itself never
imports the portal against the private database: it only starts processes and reads rows with SQL.
"""

import json
import sys
import tempfile
from pathlib import Path


def seed(state: dict) -> dict:
    """A respondent with an account, a case, a confirmed authenticator app and a signed-in session."""
    from allauth.account.models import EmailAddress
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.tests.factories import UserFactory
    from cases.tests.factories import CaseFactory, CourtFactory, RespondentFactory

    court = CourtFactory(code="FLT", name="Faultville Immigration Court", time_zone="America/Chicago")
    user = UserFactory(email="respondent@example.org")
    person = RespondentFactory(user=user, given_name="María", family_name="Pérez")
    case = CaseFactory(respondent=person, court=court)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return {"user_id": user.pk, "case_id": case.pk, "session_key": session.session_key}


def upload(state: dict) -> dict:
    """A draft filing with its lead document uploaded (the scan is queued on commit, as from the page)."""
    from cases.models import Case
    from filings import services
    from filings.models import FilingDocument
    from filings.tests.pdfs import make_pdf

    case = Case.objects.select_related("respondent__user").get(pk=state["case_id"])
    user = case.respondent.user
    filing = services.filing_create(case=case, actor=user, filing_type="motion")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(make_pdf(pages=2))
        handle.flush()
        document = services.document_upload(
            filing=filing,
            actor=user,
            role=FilingDocument.Role.LEAD,
            title="Motion to change venue",
            path=Path(handle.name),
            original_name="motion.pdf",
        )
    return {"filing_id": filing.pk, "document_id": document.pk}


def hearing_notice(state: dict) -> dict:
    """A new hearing on the case and its notice (the render is queued on commit)."""
    from cases.models import Case
    from cases.tests.factories import HearingFactory
    from notices.services import hearing_notice_request

    hearing = HearingFactory(case=Case.objects.get(pk=state["case_id"]))
    notice = hearing_notice_request(hearing_id=hearing.pk, change="created", actor=None)
    return {"notice_id": notice.pk}


def sweep_scans(state: dict) -> dict:
    """Sends the periodic scan sweep, as Celery beat does every five minutes."""
    from portal.celery import app

    app.send_task("filings.tasks.sweep_stuck_scans")
    return {}


COMMANDS = {"seed": seed, "upload": upload, "hearing_notice": hearing_notice, "sweep_scans": sweep_scans}


def main(argv: list[str]) -> None:
    import django

    django.setup()
    state = json.loads(argv[0]) if argv and argv[0].startswith("{") else {}
    for command in argv[1:] if state else argv:
        state.update(COMMANDS[command](state))
    sys.stdout.write(json.dumps(state) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
