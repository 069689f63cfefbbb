"""The whole-record ZIP stored once per version: built once, served and resumed from storage, replaced
when the record changes, swept when stuck or unused; the same bytes as the streamed archive."""

import csv
import datetime
import hashlib
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from cases import record_zip
from cases.models import RecordDocument, RecordZip
from cases.services import record_zips
from cases.tasks import record_zip_build as build_record_zip
from cases.tasks import record_zips_sweep as sweep_record_zips
from cases.tests.factories import RecordDocumentFactory
from tests.test_storage_s3 import moto_endpoint, s3_storage  # noqa: F401 - fixtures


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def document_with(case, content: bytes, **kwargs) -> RecordDocument:
    return RecordDocumentFactory(
        case=case,
        file=ContentFile(content, name="x.pdf"),
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        **kwargs,
    )


@pytest.fixture
def case(respondent):
    return respondent.cases.get()


@pytest.fixture
def record(case):
    return [
        document_with(case, b"%PDF-1.4 first " * 4000, title="Notice to Appear", filed_on=datetime.date(2025, 1, 10)),
        document_with(
            case,
            b"%PDF-1.4 second " * 9000,
            title="Order of the immigration judge",
            category=RecordDocument.Category.ORDER,
            filed_on=datetime.date(2025, 6, 1),
        ),
        document_with(case, b"%PDF-1.4 third " * 3000, title="Prueba de domicilio", filed_on=datetime.date(2025, 6, 2)),
    ]


@pytest.fixture
def url(case):
    return reverse("cases:record_download", args=[case.pk])


def builds(callbacks) -> list:
    """The record ZIP builds among the on-commit callbacks (file deletions are callbacks too)."""
    return [cb for cb in callbacks if getattr(cb, "func", None) == build_record_zip.delay]


def first_download(client, url, capture) -> tuple[bytes, object]:
    """A download of a version not stored yet; the build it asks for runs after commit (Celery is eager)."""
    with capture(execute=True) as callbacks:
        response = client.get(url)
        data = body(response)
    assert len(builds(callbacks)) == 1
    return data, response


def stored_bytes(row: RecordZip) -> bytes:
    with default_storage.open(row.file.name, "rb") as handle:
        return handle.read()


def test_first_download_is_streamed_and_builds_the_archive_once(
    respondent_client, case, record, url, django_capture_on_commit_callbacks, monkeypatch
):
    full, first = first_download(respondent_client, url, django_capture_on_commit_callbacks)
    assert first.status_code == 200 and first["Content-Length"] == str(len(full))
    row = RecordZip.objects.get(case=case)
    assert row.status == RecordZip.Status.READY and row.version == first["ETag"] and row.size == len(full)
    assert stored_bytes(row) == full  # byte-identical to what was streamed
    assert row.sha256 == hashlib.sha256(full).hexdigest()

    def no_regeneration(**kwargs):
        raise AssertionError("a stored version must not be generated again")

    monkeypatch.setattr(record_zip, "record_archive", no_regeneration)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = respondent_client.get(url)
        assert body(again) == full
    assert callbacks == []  # no second build asked for
    assert again["ETag"] == first["ETag"] and again["Content-Length"] == str(len(full))
    assert again["Content-Disposition"] == f'attachment; filename="record-of-proceedings-case-{case.pk}.zip"'
    assert again["X-Content-Type-Options"] == "nosniff" and again["Cache-Control"] == "no-store"
    assert again["Last-Modified"] == first["Last-Modified"]
    assert build_record_zip(case.pk, "en") is None  # idempotent: the stored version is left alone
    assert RecordZip.objects.filter(case=case).count() == 1
    assert RecordZip.objects.get(case=case).last_served_at is not None


def test_a_resumed_download_reads_the_stored_archive(
    respondent_client, record, url, django_capture_on_commit_callbacks, monkeypatch
):
    full, first = first_download(respondent_client, url, django_capture_on_commit_callbacks)
    monkeypatch.setattr(record_zip, "record_archive", lambda **kwargs: pytest.fail("regenerated"))
    cut = len(full) // 2 + 7
    rest = respondent_client.get(url, headers={"Range": f"bytes={cut}-", "If-Range": first["ETag"]})
    assert rest.status_code == 206
    assert rest["Content-Range"] == f"bytes {cut}-{len(full) - 1}/{len(full)}"
    assert rest["Content-Length"] == str(len(full) - cut)
    assert rest.file_to_stream is not None  # handed to the WSGI server as a file: sendfile, no Python copy
    assert full[:cut] + body(rest) == full
    middle = respondent_client.get(url, headers={"Range": "bytes=100-5099"})
    assert middle.status_code == 206 and body(middle) == full[100:5100]
    suffix = respondent_client.get(url, headers={"Range": "bytes=-10"})
    assert body(suffix) == full[-10:]
    past = respondent_client.get(url, headers={"Range": f"bytes={len(full)}-"})
    assert past.status_code == 416 and past["Content-Range"] == f"bytes */{len(full)}"
    head = respondent_client.head(url)
    assert head["Content-Length"] == str(len(full)) and body(head) == b""


def test_the_stored_archive_holds_every_document_and_the_index(
    respondent_client, case, record, url, django_capture_on_commit_callbacks
):
    first_download(respondent_client, url, django_capture_on_commit_callbacks)
    archive = zipfile.ZipFile(io.BytesIO(body(respondent_client.get(url))))
    assert archive.testzip() is None
    names = archive.namelist()
    assert names == [
        "000_index.html",
        "000_index.csv",
        "001_2025-01-10_Notice-to-Appear.pdf",
        "002_2025-06-01_Order-of-the-immigration-judge.pdf",
        "003_2025-06-02_Prueba-de-domicilio.pdf",
    ]
    for name, document in zip(names[2:], record, strict=True):
        with document.file.open("rb") as handle:
            assert archive.read(name) == handle.read()
    rows = list(csv.reader(io.StringIO(archive.read("000_index.csv").decode("utf-8-sig"))))
    assert [(row[1], row[3], row[8]) for row in rows[1:]] == [
        (name, d.title, d.sha256) for name, d in zip(names[2:], record, strict=True)
    ]
    assert "Testville Immigration Court" in archive.read("000_index.html").decode()


def test_a_new_document_makes_a_new_version_and_replaces_the_stored_archive(
    respondent_client, case, record, url, django_capture_on_commit_callbacks
):
    old_full, old = first_download(respondent_client, url, django_capture_on_commit_callbacks)
    old_row = RecordZip.objects.get(case=case)
    document_with(case, b"%PDF-1.4 decision " * 100, title="Decision", filed_on=datetime.date(2025, 9, 1))

    cut = len(old_full) // 2
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        stale = respondent_client.get(url, headers={"Range": f"bytes={cut}-", "If-Range": old["ETag"]})
        new_full = body(stale)
    assert stale.status_code == 200  # the old copy cannot be completed: the whole new archive comes
    assert stale["ETag"] != old["ETag"] and len(new_full) == int(stale["Content-Length"])
    assert zipfile.ZipFile(io.BytesIO(new_full)).namelist()[-1] == "004_2025-09-01_Decision.pdf"
    assert len(builds(callbacks)) == 1  # the new version is built
    new_row = RecordZip.objects.get(case=case)
    assert new_row.version == stale["ETag"] and stored_bytes(new_row) == new_full
    assert not default_storage.exists(old_row.file.name)  # the superseded archive is gone

    resumed = respondent_client.get(url, headers={"Range": f"bytes={cut}-", "If-Range": stale["ETag"]})
    assert resumed.status_code == 206 and new_full[:cut] + body(resumed) == new_full


def test_each_language_of_the_index_is_its_own_version(
    respondent_client, case, record, url, django_capture_on_commit_callbacks
):
    english, _ = first_download(respondent_client, url, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        spanish = respondent_client.get(url, headers={"Accept-Language": "es"})
        spanish_bytes = body(spanish)
    assert "Número" in zipfile.ZipFile(io.BytesIO(spanish_bytes)).read("000_index.csv").decode("utf-8-sig")
    assert RecordZip.objects.filter(case=case, status=RecordZip.Status.READY).count() == 2
    assert body(respondent_client.get(url)) == english
    assert body(respondent_client.get(url, headers={"Accept-Language": "es"})) == spanish_bytes


def test_another_respondents_record_is_404_and_builds_nothing(
    respondent_client, other_respondent, django_capture_on_commit_callbacks
):
    other_case = other_respondent.cases.get()
    document_with(other_case, b"%PDF-1.4 private " * 50, title="Private")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = respondent_client.get(reverse("cases:record_download", args=[other_case.pk]))
    assert response.status_code == 404
    assert callbacks == []
    assert not RecordZip.objects.exists()
    assert not AuditEvent.objects.filter(action="record.downloaded").exists()


def test_every_download_is_audited_resumed_ones_too(
    respondent_client, case, record, url, django_capture_on_commit_callbacks
):
    full, first = first_download(respondent_client, url, django_capture_on_commit_callbacks)
    body(respondent_client.get(url))
    body(respondent_client.get(url, headers={"Range": "bytes=500-", "If-Range": first["ETag"]}))
    events = list(AuditEvent.objects.filter(action="record.downloaded").order_by("pk"))
    assert [e.data["stored"] for e in events] == [False, True, True]
    assert [e.data["range"] for e in events] == ["", "", "bytes=500-"]
    assert [e.data["bytes"] for e in events] == [len(full), len(full), len(full) - 500]
    assert all(e.case_id == case.pk and e.actor_id == case.respondent.user_id for e in events)


def test_a_stored_file_that_vanished_is_streamed_again_and_rebuilt(
    respondent_client, case, record, url, django_capture_on_commit_callbacks
):
    full, _ = first_download(respondent_client, url, django_capture_on_commit_callbacks)
    default_storage.delete(RecordZip.objects.get(case=case).file.name)
    again, _ = first_download(respondent_client, url, django_capture_on_commit_callbacks)
    assert again == full
    assert stored_bytes(RecordZip.objects.get(case=case)) == full


def test_the_sweep_drops_stuck_builds_and_unused_archives(
    respondent_client, case, record, url, django_capture_on_commit_callbacks
):
    first_download(respondent_client, url, django_capture_on_commit_callbacks)
    used = RecordZip.objects.get(case=case)
    long_ago = timezone.now() - record_zips.KEEP_UNUSED - datetime.timedelta(days=1)
    stuck = RecordZip.objects.create(
        case=case, version='"stuck"', language="es", claimed_at=timezone.now() - datetime.timedelta(hours=2)
    )
    assert sweep_record_zips() == 1  # the stuck claim; the archive in use stays
    assert not RecordZip.objects.filter(pk=stuck.pk).exists()
    assert RecordZip.objects.filter(pk=used.pk).exists()

    RecordZip.objects.filter(pk=used.pk).update(last_served_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_record_zips() == 1
    assert not RecordZip.objects.exists()
    assert not default_storage.exists(used.file.name)


def test_a_build_that_fails_leaves_no_claim_behind(case, record, monkeypatch):
    def broken(document):
        raise OSError("storage unavailable")
        yield b""

    monkeypatch.setattr(record_zip, "_lazy_file", broken)
    with pytest.raises(OSError, match="storage unavailable"):
        build_record_zip(case.pk, "en")
    assert not RecordZip.objects.exists()


def test_on_s3_the_archive_is_stored_once_and_ranges_are_ranged_gets(
    s3_storage,  # noqa: F811 - the fixture imported above
    respondent_client,
    case,
    url,
    django_capture_on_commit_callbacks,
):
    storage, client = s3_storage
    document_with(case, b"%PDF-1.4 on S3 " * 3000, title="Notice to Appear")
    full, first = first_download(respondent_client, url, django_capture_on_commit_callbacks)
    row = RecordZip.objects.get(case=case)
    head = client.head_object(Bucket=storage.bucket_name, Key=row.file.name)
    assert head["ContentLength"] == len(full) and head["ServerSideEncryption"] == "AES256"
    rest = respondent_client.get(url, headers={"Range": "bytes=1000-", "If-Range": first["ETag"]})
    assert rest.status_code == 206 and full[:1000] + body(rest) == full
    assert AuditEvent.objects.filter(action="record.downloaded").latest("pk").data["stored"] is True


def test_a_broker_outage_does_not_fail_the_download(
    respondent_client, record, url, django_capture_on_commit_callbacks, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(build_record_zip, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = respondent_client.get(url)
        data = body(response)
    assert response.status_code == 200 and len(data) == int(response["Content-Length"])
    assert not RecordZip.objects.exists()
