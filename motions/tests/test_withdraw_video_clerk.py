"""Withdrawal (consequences, typed "I understand", legal aid, the red finality flag) and appearing by video,
end to end; the clerk's queue columns and pages; the workbench selector."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.actions import AuditAction
from audit.models import AuditEvent
from cases.models import Hearing
from filings.models import Filing, FilingDocument
from filings.tests.helpers import stored_pdf_text, submit
from guidance.models import LegalServiceProvider
from motions.models import Motion
from motions.selectors import motions_needing_ruling_for_courts
from motions.tests.conftest import answer, mark_clean, start
from notices.models import Notice

pytestmark = pytest.mark.django_db


def sign_and_file(client, motion, capture):
    client.post(
        reverse("motions:sign", args=[motion.pk]),
        {"signed_name": "María Pérez", "signed_on": timezone.localdate().isoformat()},
    )
    motion.refresh_from_db()
    mark_clean(motion.filing)
    submit(client, motion.filing, capture=capture)
    motion.filing.refresh_from_db()
    assert motion.filing.status == Filing.Status.SUBMITTED


def test_withdrawing_an_appeal_end_to_end_with_the_finality_flag(
    respondent_client, case, clerk_client, django_capture_on_commit_callbacks
):
    LegalServiceProvider.objects.create(court=case.court, name="Testville Legal Aid", phone="555-0100")
    start(respondent_client, case, "withdraw")
    motion = Motion.objects.get(case=case)
    answer(respondent_client, motion, "withdraw", {"what": "appeal", "which": "EOIR-26 of 2026", "details": ""})
    page = respondent_client.get(reverse("motions:step", args=[motion.pk, "understand"])).content.decode()
    assert "becomes final at once" in page and "Testville Legal Aid" in page
    response = answer(respondent_client, motion, "understand", {"understand": "ok"}, status=200)
    assert "I understand" in response.content.decode()
    answer(respondent_client, motion, "understand", {"understand": "  I understand. "})
    sign_and_file(respondent_client, motion, django_capture_on_commit_callbacks)
    text = stored_pdf_text(motion.filing.documents.get(role=FilingDocument.Role.LEAD).storage_key)
    assert "NOTICE OF WITHDRAWAL" in text and "an appeal to the Board of Immigration Appeals" in text

    queue = clerk_client.get(reverse("admin:motions_motion_changelist")).content.decode()
    assert "FINAL: withdrawing the appeal makes the order final at once" in queue
    assert "Accept the filing" not in queue  # the change page says so, the list shows state
    detail = clerk_client.get(reverse("admin:motions_motion_change", args=[motion.pk])).content.decode()
    assert "Accept the filing in the filing queue first." in detail
    refused = clerk_client.post(reverse("admin:motions_motion_forward", args=[motion.pk]), follow=True)
    assert "Accept the filing in the filing queue first." in refused.content.decode()

    clerk_client.post(
        reverse("admin:filings_filing_changelist"),
        {"action": "accept_selected", "_selected_action": [motion.filing_id]},
    )
    clerk_client.post(reverse("admin:motions_motion_forward", args=[motion.pk]))
    motion.refresh_from_db()
    assert motion.forwarded_at is not None
    assert AuditEvent.objects.filter(action=AuditAction.MOTION_FORWARDED, target_id=str(motion.pk)).exists()
    with django_capture_on_commit_callbacks(execute=True):
        clerk_client.post(
            reverse("admin:motions_motion_ruling", args=[motion.pk]),
            {"ruling": "partly", "note": "Accepted in part.", "ruled_on": timezone.localdate().isoformat()},
        )
    motion.refresh_from_db()
    assert motion.ruling == Motion.Ruling.PARTLY
    assert AuditEvent.objects.filter(action=AuditAction.MOTION_RULED, target_id=str(motion.pk)).exists()
    notice = Notice.objects.get(kind=Notice.Kind.MOTION_RULING)
    assert "granted part of your motion" in stored_pdf_text(notice.pdf_key)
    again = clerk_client.post(
        reverse("admin:motions_motion_ruling", args=[motion.pk]),
        {"ruling": "denied", "note": "", "ruled_on": timezone.localdate().isoformat()},
    )
    assert "already recorded" in again.content.decode()
    assert Notice.objects.filter(kind=Notice.Kind.MOTION_RULING).count() == 1
    assert list(motions_needing_ruling_for_courts(court_ids=[case.court_id])) == []


def test_video_motion_end_to_end_and_days_to_the_hearing_in_red(
    respondent_client, case, clerk_client, django_capture_on_commit_callbacks
):
    soon = Hearing.objects.create(case=case, starts_at=timezone.now() + datetime.timedelta(days=10))
    start(respondent_client, case, "appear-by-video")
    motion = Motion.objects.get(case=case)
    response = answer(respondent_client, motion, "hearing", {"hearing": soon.pk})
    response = answer(respondent_client, motion, "video", {"details": "I live 400 miles away."}, status=200)
    assert "private, quiet place" in response.content.decode()
    answer(
        respondent_client,
        motion,
        "video",
        {"details": "400 miles.", "private_place": "on", "device": "on", "connection": "on"},
    )
    sign_and_file(respondent_client, motion, django_capture_on_commit_callbacks)
    text = stored_pdf_text(motion.filing.documents.get(role=FilingDocument.Role.LEAD).storage_key)
    assert "MOTION TO APPEAR BY VIDEO" in text and "1003.25(c)" in text and "attend in person" in text
    queue = clerk_client.get(reverse("admin:motions_motion_changelist")).content.decode()
    assert 'data-soon="1"' in queue  # 10 days to the hearing: red
    assert "Late: due" in queue  # filed after the 15-day mark, by the rule in force that day


def test_a_clerk_of_another_court_sees_none_of_it(
    roles, respondent_client, case, other_court, django_capture_on_commit_callbacks
):
    from django.test import Client

    from accounts.services import role_assign
    from accounts.tests.factories import StaffFactory
    from tests.support import login_verified

    start(respondent_client, case, "withdraw")
    motion = Motion.objects.get(case=case)
    answer(respondent_client, motion, "withdraw", {"what": "application", "which": "I-589"})
    answer(respondent_client, motion, "understand", {"understand": "Entiendo"})
    sign_and_file(respondent_client, motion, django_capture_on_commit_callbacks)
    stranger = StaffFactory(email="elsewhere@example.org")
    role_assign(user=stranger, role_key="clerk")
    other_court.staff.add(stranger)
    client = login_verified(Client(), stranger)
    assert (
        str(motion.filing.receipt_number) not in client.get(reverse("admin:motions_motion_changelist")).content.decode()
    )
    assert client.get(reverse("admin:motions_motion_ruling", args=[motion.pk])).status_code == 404
