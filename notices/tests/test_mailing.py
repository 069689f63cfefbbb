"""Mailing batches: ZIP order, print files that match the manifest, resume without duplicates."""

import csv
import io
import random
from datetime import timedelta

import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from cases.tests.factories import CaseFactory, RespondentFactory
from notices.models import MailingBatch, Notice, PrintFile
from notices.services import (
    mailing_batch_mark_mailed,
    mailing_batch_mark_printed,
    mailing_batch_start,
    print_file_build,
)
from notices.tasks import notices_sweep_stuck


def _two_page_pdf(label: str) -> bytes:
    pdf = pikepdf.new()
    for _ in range(2):
        pdf.add_blank_page(page_size=(612, 792))
    pdf.docinfo["/Title"] = label
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.fixture
def rendered_letters(court):
    """300 rendered letters for 30 people with scattered ZIP codes (PDFs stored, not rendered: fast)."""
    rng = random.Random(7)  # noqa: S311 - reproducible test data, not security
    key = default_storage.save("notices/test/letter.pdf", ContentFile(_two_page_pdf("letter")))
    notices = []
    for i in range(30):
        person = RespondentFactory(postal_code=f"{rng.randint(10000, 99999)}")
        case = CaseFactory(respondent=person, court=court)
        for j in range(10):
            notices.append(
                Notice(
                    respondent=person,
                    case=case,
                    court=court,
                    kind=Notice.Kind.HEARING,
                    state=Notice.State.RENDERED,
                    idempotency_key=f"test:{i}:{j}",
                    pdf_key=key,
                    pdf_pages=2,
                    pdf_sha256="0" * 64,
                )
            )
    return Notice.objects.bulk_create(notices)


def _manifest_rows(batch) -> list[dict]:
    with default_storage.open(batch.manifest_key, "rb") as handle:
        return list(csv.DictReader(io.StringIO(handle.read().decode("utf-8"))))


@pytest.mark.django_db
def test_batch_print_files_match_the_manifest_in_zip_order(
    rendered_letters, court, clerk, settings, django_capture_on_commit_callbacks
):
    settings.NOTICES_PRINT_FILE_MAX = 120
    with django_capture_on_commit_callbacks(execute=True):
        batch = mailing_batch_start(court=court, actor=clerk)
    batch.refresh_from_db()

    assert batch.state == MailingBatch.State.READY and batch.total == 300
    files = list(batch.files.order_by("number"))
    assert [f.letters for f in files] == [120, 120, 60]
    rows = _manifest_rows(batch)
    assert len(rows) == 300 and len({r["notice_id"] for r in rows}) == 300
    zips = [r["zip"] for r in rows]
    assert zips == sorted(zips)
    for pf in files:
        with default_storage.open(pf.file_key, "rb") as handle, pikepdf.open(io.BytesIO(handle.read())) as pdf:
            assert len(pdf.pages) == pf.pages == 2 * pf.letters
        mine = [r for r in rows if r["print_file"] == f"batch-{batch.pk}-{pf.number:03d}.pdf"]
        assert [int(r["page"]) for r in mine] == list(range(1, pf.pages, 2))

    # A second batch finds nothing left to print.
    assert mailing_batch_start(court=court, actor=clerk) is None


@pytest.mark.django_db
def test_batch_killed_halfway_resumes_without_duplicates_or_gaps(
    rendered_letters, court, clerk, settings, django_capture_on_commit_callbacks
):
    settings.NOTICES_PRINT_FILE_MAX = 100
    settings.NOTICES_STUCK_AFTER_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=False):  # the broker lost every message
        batch = mailing_batch_start(court=court, actor=clerk)
    first = batch.files.get(number=1)
    print_file_build(print_file_id=first.pk)
    built = PrintFile.objects.get(pk=first.pk)
    print_file_build(print_file_id=first.pk)  # duplicated message: left alone
    assert PrintFile.objects.get(pk=first.pk).sha256 == built.sha256
    PrintFile.objects.filter(batch=batch, number=2).update(attempts=1)  # a worker died in the middle of it
    batch.refresh_from_db()
    assert batch.state == MailingBatch.State.BUILDING

    PrintFile.objects.filter(batch=batch).update(updated_at=built.updated_at - timedelta(minutes=1))
    notices_sweep_stuck.delay()

    batch.refresh_from_db()
    assert batch.state == MailingBatch.State.READY
    rows = _manifest_rows(batch)
    assert sorted(int(r["notice_id"]) for r in rows) == sorted(n.pk for n in rendered_letters)
    assert sum(pf.pages for pf in batch.files.all()) == 600


@pytest.mark.django_db
def test_marking_printed_then_mailed_moves_every_letter(
    rendered_letters, court, clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch = mailing_batch_start(court=court, actor=clerk)
    batch.refresh_from_db()
    mailing_batch_mark_printed(batch=batch, actor=clerk)
    assert set(Notice.objects.values_list("state", flat=True)) == {Notice.State.PRINTED}
    mailing_batch_mark_mailed(batch=batch, actor=clerk)
    batch.refresh_from_db()
    assert set(Notice.objects.values_list("state", "mailed_at").distinct()) == {(Notice.State.MAILED, batch.mailed_at)}
