"""Fixtures of the guided-request tests: a respondent's case with hearings, a clerk, the seeded catalogue."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import Hearing
from cases.tests.factories import JudgeFactory
from filings.models import FilingDocument
from filings.tests.pdfs import make_pdf
from motions.models import MotionType
from tests.support import login_verified


@pytest.fixture
def case(respondent):
    return respondent.cases.select_related("court").get()


@pytest.fixture
def hearing(case):
    judge = JudgeFactory(court=case.court)
    return Hearing.objects.create(case=case, judge=judge, starts_at=timezone.now() + datetime.timedelta(days=40))


@pytest.fixture
def past_hearing(case):
    return Hearing.objects.create(
        case=case, starts_at=timezone.now() - datetime.timedelta(days=20), status=Hearing.Status.ADJOURNED,
        adjournment_reason="Respondent asked for time to find a lawyer",
    )  # fmt: skip


@pytest.fixture
def clerk_client(clerk):
    return login_verified(Client(), clerk)


def motion_type(slug: str) -> MotionType:
    return MotionType.objects.get(slug=slug)


def start(client, case, slug: str):
    response = client.post(reverse("motions:start", args=[case.pk, slug]))
    assert response.status_code == 302, response
    return response["Location"]


def answer(client, motion, step: str, data: dict, *, status: int = 302):
    """Posts one wizard step, as the browser does (prefixed fields and the management form)."""
    payload = {f"{step}-{name}": value for name, value in data.items()}
    payload[f"motion_{motion.pk}-current_step"] = step
    response = client.post(reverse("motions:step", args=[motion.pk, step]), payload)
    assert response.status_code == status, response.content.decode()[:3000]
    if status == 302 and response["Location"].endswith("/finished/"):
        response = client.get(response["Location"])  # the browser follows: the wizard checks every step
        assert response.status_code == 302, response.content.decode()[:3000]
    return response


def upload_evidence(client, motion, *, exhibit="evidence", title="Doctor's letter"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile("letter.pdf", make_pdf(), content_type="application/pdf")
    return client.post(
        reverse("motions:evidence_upload", args=[motion.pk]), {"exhibit": exhibit, "title": title, "file": file}
    )


def mark_clean(filing):
    filing.documents.update(scan_status=FilingDocument.ScanStatus.CLEAN)
