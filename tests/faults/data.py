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


def _beat_app():
    """The Celery app with every task registered, as in beat: send_task then routes each task to the
    queue it declares (an unregistered name would go to the default queue)."""
    from portal.celery import app

    app.loader.import_default_modules()
    app.finalize(auto=True)
    return app


def sweep_scans(state: dict) -> dict:
    """Sends the periodic scan sweep, as Celery beat does every five minutes."""
    _beat_app().send_task("filings.tasks.sweep_stuck_scans")
    return {}


def record_documents(state: dict) -> dict:
    """Two documents in the seeded case's record, stored as a clerk's upload leaves them."""
    from cases.models import Case
    from cases.tests.factories import RecordDocumentFactory

    case = Case.objects.get(pk=state["case_id"])
    titles = ("Notice to Appear", "Order of the Immigration Judge")
    return {"record_document_ids": [RecordDocumentFactory(case=case, title=title).pk for title in titles]}


def hearing_in_six_days(state: dict) -> dict:
    """A hearing six days ahead on the seeded case: its 7-day reminder is due."""
    import datetime

    from django.utils import timezone

    from cases.models import Case
    from cases.tests.factories import HearingFactory

    starts_at = timezone.now() + datetime.timedelta(days=6)
    return {"hearing_id": HearingFactory(case=Case.objects.get(pk=state["case_id"]), starts_at=starts_at).pk}


def send_reminders(state: dict) -> dict:
    """Sends the hearing reminder task, as Celery beat does every 15 minutes."""
    _beat_app().send_task("cases.hearing_reminders_send_due")
    return {}


def backup_codes_replaced(state: dict) -> dict:
    """The respondent makes backup codes, then new ones: replacing them sends an account email."""
    from accounts.models import User
    from accounts.services import backup_codes_generate

    user = User.objects.get(pk=state["user_id"])
    for _time in range(2):
        backup_codes_generate(user=user, actor=user)
    return {}


def mailing_batch(state: dict) -> dict:
    """Two respondents of the seeded court without an account, each issued a registration letter to be
    rendered with the batch, and a clerk's mailing batch of them (its print file is queued on commit)."""
    from accounts.tests.factories import StaffFactory
    from cases.models import Case
    from cases.tests.factories import CaseFactory, RespondentFactory
    from notices.services import mailing_batch_start, registration_notice_issue

    court = Case.objects.select_related("court").get(pk=state["case_id"]).court
    clerk = StaffFactory(email="clerk@example.org")
    for family_name in ("Quispe", "Okafor"):
        person = RespondentFactory(family_name=family_name)
        CaseFactory(respondent=person, court=court)
        registration_notice_issue(respondent=person, actor=clerk, render_with_batch=True)
    batch = mailing_batch_start(court=court, actor=clerk)
    return {"batch_id": batch.pk}


def periodic_tasks(state: dict) -> dict:
    """Sends every task of the beat schedule once, as Celery beat does; returns their names."""
    from django.conf import settings

    app = _beat_app()
    names = sorted({entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()})
    for name in names:
        app.send_task(name)
    return {"periodic_tasks": names}


COMMANDS = {
    "seed": seed,
    "upload": upload,
    "hearing_notice": hearing_notice,
    "sweep_scans": sweep_scans,
    "record_documents": record_documents,
    "hearing_in_six_days": hearing_in_six_days,
    "send_reminders": send_reminders,
    "backup_codes_replaced": backup_codes_replaced,
    "mailing_batch": mailing_batch,
    "periodic_tasks": periodic_tasks,
}


def main(argv: list[str]) -> None:
    import django

    django.setup()
    state = json.loads(argv[0]) if argv and argv[0].startswith("{") else {}
    for command in argv[1:] if state else argv:
        state.update(COMMANDS[command](state))
    sys.stdout.write(json.dumps(state) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
