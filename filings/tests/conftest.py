import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.tests.factories import CaseFactory
from filings.models import Filing
from filings.tests.pdfs import make_pdf


@pytest.fixture
def case(respondent):
    return respondent.cases.get()


@pytest.fixture
def draft(respondent_client, case):
    response = respondent_client.post(reverse("filings:start", args=[case.pk]), {"filing_type": "motion"})
    assert response.status_code == 302
    return Filing.objects.get(case=case)


def upload(client, filing, *, content=None, title="Motion to change venue", role="lead", name="motion.pdf"):
    if content is None:
        content = make_pdf()
    file = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(reverse("filings:upload", args=[filing.pk]), {"role": role, "title": title, "file": file})


@pytest.fixture
def attorney_case(respondent, court):
    return CaseFactory(respondent=respondent, court=court, attorney_of_record=True, attorney_name="Pat Lawyer")
