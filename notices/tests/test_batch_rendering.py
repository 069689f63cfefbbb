"""Mailing batches render their unrendered letters many to a WeasyPrint document, one PDF per notice."""

import csv
import io
import random
import re
from datetime import timedelta

import pikepdf
import pytest
from django.core.files.storage import default_storage

from accounts.models import AccessCode
from accounts.services import access_code_plaintext
from audit.models import AuditEvent
from cases.tests.factories import CaseFactory, RespondentFactory
from notices import rendering
from notices.letters import notice_letter_html
from notices.models import MailingBatch, Notice, PrintFile
from notices.services import (
    batch_rendering,
    mailing_batch_retry_failed,
    mailing_batch_start,
    notices_render_together,
    print_file_build,
    registration_notices_issue_for_court,
)
from notices.tasks import notice_render, notices_sweep_stuck
from notices.tests.helpers import page_texts, pdf_bytes

PAGE_LABEL = re.compile(r"(?:Page (\d+) of (\d+)|Página (\d+) de (\d+))")


def _page_labels(texts: list[str]) -> list[tuple[int, int]]:
    labels = []
    for text in texts:
        (match,) = PAGE_LABEL.findall(text)
        numbers = [int(n) for n in match if n]
        labels.append((numbers[0], numbers[1]))
    return labels


@pytest.fixture
def issued(court, db):
    """Registration letters for respondents with scattered ZIP codes, half of them in two languages."""

    def issue(count: int) -> list[Notice]:
        rng = random.Random(11)  # noqa: S311 - reproducible test data, not security
        for i in range(count):
            language = "es" if i % 2 else "en"
            person = RespondentFactory(postal_code=f"{rng.randint(10000, 99999)}", preferred_language=language)
            CaseFactory(respondent=person, court=court)
        assert registration_notices_issue_for_court(court=court, actor=None) == count
        return list(Notice.objects.select_related("respondent").order_by("pk"))

    return issue


@pytest.fixture
def documents(monkeypatch):
    """Records how many letters each WeasyPrint batch document held; fails on one-by-one rendering."""
    sizes: list[int] = []
    real = rendering.batch_html_to_pdfs

    def spy(html, notice_ids):
        sizes.append(len(notice_ids))
        return real(html, notice_ids)

    def refuse(html):
        raise AssertionError("a batch letter was rendered alone")

    monkeypatch.setattr(rendering, "batch_html_to_pdfs", spy)
    monkeypatch.setattr(rendering, "html_to_pdf", refuse)
    return sizes


def _manifest(batch) -> list[dict]:
    with default_storage.open(batch.manifest_key, "rb") as handle:
        return list(csv.DictReader(io.StringIO(handle.read().decode("utf-8"))))


def _page_streams(content: bytes) -> list[bytes]:
    """What each page draws (its content stream): equal streams are the same printed page."""
    with pikepdf.open(io.BytesIO(content)) as pdf:
        return [page.Contents.read_bytes() for page in pdf.pages]


def _file_pages(batch) -> dict[str, list[bytes]]:
    pages = {}
    for pf in batch.files.all():
        with default_storage.open(pf.file_key, "rb") as handle:
            pages[f"batch-{batch.pk}-{pf.number:03d}.pdf"] = _page_streams(handle.read())
    return pages


@pytest.mark.django_db
def test_batch_renders_its_letters_in_chunks_each_notice_its_own_pdf_matching_the_manifest(
    issued, documents, court, clerk, settings, django_capture_on_commit_callbacks
):
    settings.NOTICES_PRINT_FILE_MAX = 80
    settings.NOTICES_RENDER_CHUNK = 30
    notices = issued(200)
    assert {n.state for n in notices} == {Notice.State.REQUESTED}  # bulk letters wait for the batch

    with django_capture_on_commit_callbacks(execute=True):
        batch = mailing_batch_start(court=court, actor=clerk)
    batch.refresh_from_db()

    assert batch.state == MailingBatch.State.READY
    # Three print files of 80, 80 and 40 letters, each rendered 30 letters to a document.
    assert documents == [30, 30, 20, 30, 30, 20, 30, 10]
    rows = {int(r["notice_id"]): r for r in _manifest(batch)}
    file_pages = _file_pages(batch)
    codes = {c.pk: access_code_plaintext(c) for c in AccessCode.objects.all()}
    for notice in Notice.objects.select_related("respondent").order_by("pk"):
        assert notice.state == Notice.State.RENDERED and notice.render_attempts == 1
        content = pdf_bytes(notice)
        texts = page_texts(content)
        assert len(texts) == notice.pdf_pages == int(rows[notice.pk]["pages"])
        # The letter's own pages: its A-number and code, its own page numbers, nobody else's text.
        assert notice.respondent.a_number_display in texts[0] and codes[notice.access_code_id] in texts[0]
        assert _page_labels(texts) == [(k, len(texts)) for k in range(1, len(texts) + 1)]
        assert all(f"{notice.pk}" in text for text in texts)
        assert ("ESPAÑOL" in " ".join(texts)) == (notice.respondent.preferred_language == "es")
        # The printed copy is the same pages, where the manifest says.
        first = int(rows[notice.pk]["page"]) - 1
        assert file_pages[rows[notice.pk]["print_file"]][first : first + len(texts)] == _page_streams(content)
    assert AuditEvent.objects.filter(action="notice.rendered").count() == 200


@pytest.mark.django_db
def test_a_letter_rendered_in_a_batch_reads_the_same_as_rendered_alone(court, clerk):
    long_reason = " ".join(["The certificate of service is missing a date and a signature."] * 100)
    people = [RespondentFactory(preferred_language=lang) for lang in ("es", "en", "es")]
    notices = []
    for i, person in enumerate(people):
        case = CaseFactory(respondent=person, court=court)
        notices.append(
            Notice.objects.create(
                respondent=person,
                case=case,
                court=court,
                kind=Notice.Kind.FILING_DECISION,
                languages="en,es" if person.preferred_language == "es" else "en",
                idempotency_key=f"filing:test:{i}",
                filing_id=500 + i,
                filing_status="rejected" if i != 1 else "accepted",
                filing_rejection_reason=long_reason if i == 0 else "Not signed.",
                filing_label="Motion to reopen",
            )
        )
    assert notices_render_together(notice_ids=[n.pk for n in notices]) == {}

    for notice in notices:
        notice.refresh_from_db()
        batch_texts = page_texts(pdf_bytes(notice))
        alone_texts = page_texts(rendering.html_to_pdf(notice_letter_html(notice)).content)
        assert batch_texts == alone_texts
    # The long letter runs over several pages in each language, numbered within the letter.
    long_letter = page_texts(pdf_bytes(notices[0]))
    assert len(long_letter) >= 4
    assert _page_labels(long_letter) == [(k, len(long_letter)) for k in range(1, len(long_letter) + 1)]
    assert "Página" in long_letter[-1] and "Page 1 of" in long_letter[0]


@pytest.mark.django_db
def test_a_batch_killed_in_the_middle_of_a_chunk_resumes_without_duplicates_or_gaps(
    issued, court, clerk, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.NOTICES_PRINT_FILE_MAX = 30
    settings.NOTICES_RENDER_CHUNK = 20
    settings.NOTICES_STUCK_AFTER_SECONDS = 0
    issued(50)
    with django_capture_on_commit_callbacks(execute=False):  # the broker lost every message
        batch = mailing_batch_start(court=court, actor=clerk)

    real_store, stored = batch_rendering.notice_store_rendered, []

    def dies_in_the_second_chunk(*, notice, pdf):
        if len(stored) == 25:  # 20 letters of the first chunk kept, 5 of the second written
            raise SystemExit("worker killed")
        real_store(notice=notice, pdf=pdf)
        stored.append(notice.pk)

    monkeypatch.setattr(batch_rendering, "notice_store_rendered", dies_in_the_second_chunk)
    first = batch.files.get(number=1)
    with pytest.raises(SystemExit):
        print_file_build(print_file_id=first.pk)
    monkeypatch.setattr(batch_rendering, "notice_store_rendered", real_store)

    # The first chunk is kept, the half-rendered second one is gone entirely.
    assert Notice.objects.filter(state=Notice.State.RENDERED).count() == 20
    assert PrintFile.objects.get(pk=first.pk).state == PrintFile.State.PENDING
    kept = dict(Notice.objects.filter(state=Notice.State.RENDERED).values_list("pk", "pdf_sha256"))

    PrintFile.objects.filter(batch=batch).update(updated_at=first.updated_at - timedelta(minutes=1))
    notices_sweep_stuck.delay()
    notices_sweep_stuck.delay()  # a duplicated sweep changes nothing

    batch.refresh_from_db()
    assert batch.state == MailingBatch.State.READY
    notices = list(Notice.objects.order_by("pk"))
    assert all(n.state == Notice.State.RENDERED and n.render_attempts == 1 for n in notices)
    # Letters rendered before the kill were not rendered again.
    assert dict(Notice.objects.filter(pk__in=kept).values_list("pk", "pdf_sha256")) == kept
    events = list(AuditEvent.objects.filter(action="notice.rendered").values_list("target_id", flat=True))
    assert sorted(events) == sorted(str(n.pk) for n in notices)  # once each
    rows = _manifest(batch)
    assert sorted(int(r["notice_id"]) for r in rows) == [n.pk for n in notices]
    assert sum(pf.pages for pf in batch.files.all()) == sum(n.pdf_pages for n in notices)

    # A late one-by-one render message does not replace the PDF the print file was made from.
    late = notices[0]
    notice_render.delay(late.pk)
    assert Notice.objects.get(pk=late.pk).pdf_sha256 == late.pdf_sha256
    assert AuditEvent.objects.filter(action="notice.rendered", target_id=str(late.pk)).count() == 1


@pytest.mark.django_db
def test_a_letter_that_cannot_be_rendered_holds_its_file_with_the_reason_and_can_be_retried(
    issued, court, clerk, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.NOTICES_PRINT_FILE_MAX_ATTEMPTS = 2
    notices = issued(3)
    broken = notices[1]
    code_id = broken.access_code_id
    Notice.objects.filter(pk=broken.pk).update(access_code_id=code_id + 1000)  # its code cannot be found

    def batch_document_fails(html, notice_ids):
        raise RuntimeError("layout failed")

    # The shared document fails: the letters are rendered one by one, and only the bad one fails.
    monkeypatch.setattr(rendering, "batch_html_to_pdfs", batch_document_fails)
    with django_capture_on_commit_callbacks(execute=True):
        batch = mailing_batch_start(court=court, actor=clerk)
    pf = batch.files.get()
    assert pf.state == PrintFile.State.PENDING and f"notice {broken.pk}" in pf.error
    assert set(Notice.objects.exclude(pk=broken.pk).values_list("state", flat=True)) == {Notice.State.RENDERED}
    broken.refresh_from_db()
    assert broken.state == Notice.State.REQUESTED and broken.last_error

    print_file_build(print_file_id=pf.pk)
    pf.refresh_from_db()
    assert pf.state == PrintFile.State.FAILED  # after NOTICES_PRINT_FILE_MAX_ATTEMPTS

    monkeypatch.undo()
    Notice.objects.filter(pk=broken.pk).update(access_code_id=code_id)  # the cause is fixed
    with django_capture_on_commit_callbacks(execute=True):
        assert mailing_batch_retry_failed(batch=batch, actor=clerk) == 1
    batch.refresh_from_db()
    assert batch.state == MailingBatch.State.READY
    assert AuditEvent.objects.filter(action="mailing_batch.retried", actor=clerk).exists()
