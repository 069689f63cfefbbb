"""The motion to continue, end to end over HTTP: questions -> PDFs -> filing -> clerk accepts -> ruling -> notice."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from audit.actions import AuditAction
from audit.models import AuditEvent
from filings.models import Filing, FilingDocument
from filings.tests.helpers import stored_pdf_text, submit
from motions.models import Motion
from motions.tests.conftest import answer, mark_clean, start, upload_evidence
from notices.models import Notice

pytestmark = pytest.mark.django_db


def future(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_continue_end_to_end(
    respondent_client, case, hearing, past_hearing, clerk_client, django_capture_on_commit_callbacks
):
    start(respondent_client, case, "continue")
    motion = Motion.objects.get(case=case)
    page = respondent_client.get(reverse("motions:step", args=[motion.pk, "hearing"]))
    body = page.content.decode()
    assert "Filing this does not cancel your hearing" in body and "15 days before it" in body
    assert f'value="{past_hearing.pk}"' not in body  # only hearings still to come are offered

    answer(respondent_client, motion, "hearing", {"hearing": hearing.pk})
    answer(
        respondent_client,
        motion,
        "reason",
        {"reason": "lawyer", "details": "I have an appointment with a legal aid lawyer."},
    )
    dates = respondent_client.get(reverse("motions:step", args=[motion.pk, "dates"])).content.decode()
    assert "find a lawyer" in dates  # earlier continuance pre-filled from the hearing history
    answer(respondent_client, motion, "dates", {"date_1": future(60), "date_2": future(75), "earlier": "One, in 2026."})
    motion.refresh_from_db()
    assert motion.answers["hearing"] == hearing.pk and motion.filing.status == Filing.Status.DRAFT

    assert upload_evidence(respondent_client, motion, title="Letter from the legal aid office").status_code == 302
    sign = respondent_client.get(reverse("motions:sign", args=[motion.pk])).content.decode()
    assert "There is no fee" in sign and "legal aid lawyer" in sign
    response = respondent_client.post(
        reverse("motions:sign", args=[motion.pk]),
        {"signed_name": "María Pérez", "signed_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302 and response["Location"] == reverse("filings:submit", args=[motion.filing_id])
    motion.refresh_from_db()
    assert not motion.signature_mismatch
    lead = motion.filing.documents.get(role=FilingDocument.Role.LEAD)
    text = stored_pdf_text(lead.storage_key)
    assert "MOTION TO CONTINUE" in text and "EXHIBIT LIST" in text
    assert "legal aid lawyer" in text and "Letter from the legal aid office" in text
    assert case.respondent.a_number_display in text
    order = motion.filing.documents.get(title="Proposed order")
    assert "PROPOSED ORDER" in stored_pdf_text(order.storage_key)

    mark_clean(motion.filing)
    submit(respondent_client, motion.filing, capture=django_capture_on_commit_callbacks)
    assert motion.filing.status == Filing.Status.SUBMITTED
    certificate = motion.filing.documents.get(role=FilingDocument.Role.SERVICE)
    assert "Proposed order" in stored_pdf_text(certificate.storage_key)

    mark_clean(motion.filing)  # the certificate made after filing is clean; the upload is checked here
    packet = respondent_client.get(reverse("motions:packet", args=[motion.pk]))
    assert packet.status_code == 200 and packet["Content-Disposition"].startswith("attachment")
    pages = PdfReader(io.BytesIO(packet.content)).pages
    assert len(pages) == sum(d.pages for d in motion.filing.documents.all())
    texts = [page.extract_text() for page in pages]
    assert "MOTION TO CONTINUE" in texts[0] and "Certificate of service" in " ".join(texts[-2:])
    assert AuditEvent.objects.filter(action=AuditAction.MOTION_PACKET_DOWNLOADED, target_id=str(motion.pk)).exists()

    clerk_client.post(
        reverse("admin:filings_filing_changelist"),
        {"action": "accept_selected", "_selected_action": [motion.filing_id]},
    )
    motion.filing.refresh_from_db()
    assert motion.filing.status == Filing.Status.ACCEPTED

    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(
            reverse("admin:motions_motion_ruling", args=[motion.pk]),
            {
                "ruling": "granted",
                "note": "Hearing reset to a later date.",
                "ruled_on": timezone.localdate().isoformat(),
            },
        )
    assert response.status_code == 302
    motion.refresh_from_db()
    assert motion.ruling == Motion.Ruling.GRANTED
    notice = Notice.objects.get(kind=Notice.Kind.MOTION_RULING, case=case)
    assert notice.filing_status == "granted" and notice.pdf_key
    assert "granted your motion" in stored_pdf_text(notice.pdf_key)
