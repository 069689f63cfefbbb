"""Single-document and whole-record downloads: bytes, headers, Range (206/416/If-Range), ZIP contents, audit."""

import csv
import datetime
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from audit.models import AuditEvent
from cases.downloads import Unsatisfiable, parse_range
from cases.models import RecordDocument
from cases.tests.factories import RecordDocumentFactory


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def document_with(case, content: bytes, **kwargs) -> RecordDocument:
    import hashlib

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
def document(case):
    return document_with(case, b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n", title="Notice to Appear")


def test_document_download_is_the_stored_file_with_safe_headers(respondent_client, document):
    response = respondent_client.get(reverse("cases:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert body(response) == document.file.open("rb").read()
    assert response["Content-Length"] == str(document.size)
    assert (
        response["Content-Disposition"] == f'attachment; filename="{document.filed_on:%Y-%m-%d}_Notice-to-Appear.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/pdf"
    event = AuditEvent.objects.get(action="record_document.downloaded")
    assert event.target_id == str(document.pk) and event.case_id == document.case_id


def test_document_view_is_inline_and_audited(respondent_client, document):
    response = respondent_client.get(reverse("cases:document_view", args=[document.pk]))
    assert response["Content-Disposition"].startswith("inline")
    assert body(response) == document.file.open("rb").read()
    assert AuditEvent.objects.filter(action="record_document.viewed", target_id=str(document.pk)).count() == 1


def test_range_requests_give_partial_content(respondent_client, document):
    url = reverse("cases:document_download", args=[document.pk])
    full = document.file.open("rb").read()
    response = respondent_client.get(url, headers={"Range": "bytes=100-199"})
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-199/{len(full)}"
    assert response["Content-Length"] == "100"
    assert body(response) == full[100:200]
    suffix = respondent_client.get(url, headers={"Range": "bytes=-50"})
    assert suffix.status_code == 206 and body(suffix) == full[-50:]
    open_ended = respondent_client.get(url, headers={"Range": "bytes=1000-"})
    assert body(open_ended) == full[1000:]


def test_range_past_the_end_is_416(respondent_client, document):
    response = respondent_client.get(
        reverse("cases:document_download", args=[document.pk]), headers={"Range": f"bytes={document.size}-"}
    )
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{document.size}"


def test_if_range_with_a_stale_etag_sends_the_whole_file(respondent_client, document):
    url = reverse("cases:document_download", args=[document.pk])
    etag = respondent_client.get(url)["ETag"]
    fresh = respondent_client.get(url, headers={"Range": "bytes=10-", "If-Range": etag})
    assert fresh.status_code == 206
    stale = respondent_client.get(url, headers={"Range": "bytes=10-", "If-Range": '"another-version"'})
    assert stale.status_code == 200 and len(body(stale)) == document.size


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-0", (0, 0)),
        ("bytes=5-", (5, 9)),
        ("bytes=-3", (7, 9)),
        ("bytes=-30", (0, 9)),
        ("bytes=2-200", (2, 9)),
        ("bytes=0-1,4-5", None),
        ("items=0-1", None),
        ("", None),
    ],
)
def test_parse_range(header, expected):
    assert parse_range(header, 10) == expected


@pytest.mark.parametrize("header", ["bytes=10-", "bytes=-0", "bytes=99-100", "bytes=5-2"])
def test_parse_range_unsatisfiable(header):
    with pytest.raises(Unsatisfiable):
        parse_range(header, 10)


@pytest.fixture
def record(case):
    documents = [
        document_with(case, b"%PDF-1.4 first " * 500, title="Notice to Appear", filed_on=datetime.date(2025, 1, 10)),
        document_with(
            case,
            b"%PDF-1.4 second " * 700,
            title='Order: "removal" / terminated?',
            category=RecordDocument.Category.ORDER,
            filed_on=datetime.date(2025, 6, 1),
        ),
        document_with(
            case, b"%PDF-1.4 third " * 300, title="Prueba de identidad — María", filed_on=datetime.date(2025, 6, 1)
        ),
    ]
    return documents


def test_whole_record_zip_holds_every_document_and_an_index(respondent_client, case, record):
    response = respondent_client.get(reverse("cases:record_download", args=[case.pk]))
    assert response.status_code == 200
    assert response.streaming
    data = body(response)
    assert response["Content-Length"] == str(len(data))
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="record-of-proceedings-case-{case.pk}.zip"'
    assert response["X-Content-Type-Options"] == "nosniff"
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    names = archive.namelist()
    assert names == [
        "000_index.html",
        "000_index.csv",
        "001_2025-01-10_Notice-to-Appear.pdf",
        "002_2025-06-01_Order-removal-terminated.pdf",
        "003_2025-06-01_Prueba-de-identidad-Maria.pdf",
    ]
    for name, document in zip(names[2:], record, strict=True):
        assert archive.read(name) == document.file.open("rb").read()
    rows = list(csv.reader(io.StringIO(archive.read("000_index.csv").decode("utf-8-sig"))))
    assert [row[3] for row in rows[1:]] == [d.title for d in record]
    assert "Notice to Appear" in archive.read("000_index.html").decode()
    event = AuditEvent.objects.get(action="record.downloaded")
    assert event.case_id == case.pk and event.data["documents"] == 3


def test_a_broken_zip_download_resumes_to_the_same_bytes(respondent_client, case, record):
    url = reverse("cases:record_download", args=[case.pk])
    first = respondent_client.get(url)
    full = body(first)
    cut = len(full) // 2 + 7
    rest = respondent_client.get(url, headers={"Range": f"bytes={cut}-", "If-Range": first["ETag"]})
    assert rest.status_code == 206
    assert rest["Content-Range"] == f"bytes {cut}-{len(full) - 1}/{len(full)}"
    assert full[:cut] + body(rest) == full
    middle = respondent_client.get(url, headers={"Range": "bytes=100-5099"})
    assert body(middle) == full[100:5100]
    assert AuditEvent.objects.filter(action="record.downloaded").count() == 3


def test_empty_record_still_downloads_an_index(respondent_client, case):
    response = respondent_client.get(reverse("cases:record_download", args=[case.pk]))
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    assert archive.namelist() == ["000_index.html", "000_index.csv"]


def test_head_tells_the_size_without_the_body(respondent_client, case, record):
    response = respondent_client.head(reverse("cases:record_download", args=[case.pk]))
    assert response.status_code == 200
    assert int(response["Content-Length"]) > sum(d.size for d in record)
    assert body(response) == b""
