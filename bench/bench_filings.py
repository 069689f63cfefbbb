"""Filing uploads and the scanning pipeline against their baselines, measured in the same run (issue 5).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_filings \
      .venv/bin/pytest -p no:cacheprovider -s -q bench/bench_filings.py --create-db

Runs under pytest only to borrow its throwaway database; it prints figures and asserts no timing.
Needs the local clamd (`scripts/clamd ensure`).

1. Memory: a 25 MB PDF posted to the upload view through the WSGI handler, the request body read
   from a file on disk (so the client side holds nothing). Growth = peak RSS (VmHWM, reset first)
   minus RSS before; goal < 2 x the upload chunk size. Python allocations (tracemalloc peak) too.
2. Throughput: N fresh PDFs scanned by direct INSTREAM and N others through the pipeline
   (store -> document_scan task -> clamd -> state), alternating file by file so that neither side
   meets clamd's cache of clean verdicts nor a quieter moment. Goal: pipeline >= 0.7 x direct.
   With the test signature file (one EICAR signature) both sides are mostly I/O; a production
   signature database makes clamd's own share, and so the ratio, larger.
3. Time from upload (POST) to "clean" on an idle (in-process) worker.
"""

import io
import os
import tempfile
import time
import tracemalloc

import pytest
from django.core.files.uploadhandler import FileUploadHandler
from django.test.client import BOUNDARY, MULTIPART_CONTENT, ClientHandler, encode_multipart
from django.urls import reverse

from common.clamd import scan_stream
from filings.models import FilingDocument
from filings.storage import store_path
from filings.tests.conftest import case, draft  # noqa: F401 (fixtures)
from filings.tests.pdfs import make_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.clamd]
MB = 1024 * 1024


def _rss_kb(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


_HANDLERS: list = []


def _handler() -> ClientHandler:
    """One handler for the whole run: loading middleware (WhiteNoise indexes static files) is not the upload."""
    if not _HANDLERS:
        _HANDLERS.append(ClientHandler(enforce_csrf_checks=False))
    return _HANDLERS[0]


def _post_from_disk(client, url: str, fields: dict, pdf_bytes: bytes) -> int:
    """Builds the multipart body on disk, then hands the open file to the WSGI handler as wsgi.input."""
    head = encode_multipart(BOUNDARY, fields)[: -len(f"--{BOUNDARY}--\r\n")]
    file_part_head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    with tempfile.TemporaryFile() as body:
        for part in (head, file_part_head, pdf_bytes, tail):
            body.write(part)
        length = body.tell()
        body.seek(0)
        cookies = "; ".join(f"{k}={v.value}" for k, v in client.cookies.items())
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": url,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "wsgi.url_scheme": "http",
            "wsgi.input": body,
            "wsgi.errors": io.StringIO(),
            "CONTENT_TYPE": MULTIPART_CONTENT,
            "CONTENT_LENGTH": str(length),
            "HTTP_COOKIE": cookies,
        }
        response = _handler()(environ)
    return response.status_code


def test_upload_memory(respondent_client, draft, settings):  # noqa: F811
    settings.FILINGS_MAX_UPLOAD_BYTES = 25 * MB
    pdf = make_pdf(padding=25 * MB - 64 * 1024)
    url = reverse("filings:upload", args=[draft.pk])
    _post_from_disk(respondent_client, url, {"role": "lead", "title": "warm-up"}, make_pdf())  # imports, caches
    draft.documents.all().delete()
    tracemalloc.start()
    before = _rss_kb("VmRSS")
    _reset_peak()
    status = _post_from_disk(respondent_client, url, {"role": "lead", "title": "Big"}, pdf)
    peak = _rss_kb("VmHWM")
    _cur, py_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    chunk = FileUploadHandler.chunk_size
    print(
        f"\n[memory] 25 MB upload: status {status}, RSS growth {peak - before} KB "
        f"(goal < {2 * chunk // 1024} KB = 2 x upload chunk), Python peak {py_peak // 1024} KB"
    )
    print(f"[memory] stored size {draft.documents.get().size} of {len(pdf)} bytes")


def test_scan_throughput(respondent_client, draft, settings, django_capture_on_commit_callbacks):  # noqa: F811
    # Each side scans files of its own, in alternating rounds: clamd caches the verdict of a clean
    # file by its hash, so a file scanned twice is free the second time (the old bench scanned the
    # same files directly and then through the pipeline, and measured that cache: 3.03 x).
    count, size = 30, 1 * MB
    paths = {"direct": [], "pipeline": []}
    for side in paths:
        for _ in range(count):
            handle, name = tempfile.mkstemp(suffix=".pdf")
            os.write(handle, make_pdf(padding=size))  # random padding: every file is new to clamd
            os.close(handle)
            paths[side].append(name)

    from filings.tasks import document_scan

    def direct(name: str) -> None:
        with open(name, "rb") as raw:
            scan_stream(raw)

    def pipeline(name: str) -> None:
        key, stored_size, digest = store_path(name)
        document = FilingDocument.objects.create(
            filing=draft,
            role="supporting",
            title="x",
            storage_key=key,
            size=stored_size,
            sha256=digest,
            pages=1,
            scan_status=FilingDocument.ScanStatus.SCANNING,
        )
        document_scan.delay(document.pk)

    elapsed = {"direct": 0.0, "pipeline": 0.0}
    for i in range(count):
        for side, step in (
            (("direct", direct), ("pipeline", pipeline))
            if i % 2 == 0
            else (
                ("pipeline", pipeline),
                ("direct", direct),
            )
        ):
            start = time.perf_counter()
            step(paths[side][i])
            elapsed[side] += time.perf_counter() - start
    clean = FilingDocument.objects.filter(filing=draft, scan_status="clean").count()
    signatures = os.environ.get("CLAMD_DATABASE_DIR") or "the test signature file (EICAR only, scripts/clamd)"
    print(
        f"\n[throughput] {count} + {count} fresh files x {size // MB} MB, alternating; signatures: {signatures}\n"
        f"  direct INSTREAM {count / elapsed['direct']:.1f} files/s, "
        f"pipeline (store -> task -> clamd -> state) {count / elapsed['pipeline']:.1f} files/s, "
        f"ratio {elapsed['direct'] / elapsed['pipeline']:.2f} (goal >= 0.7); {clean} clean"
    )
    for names in paths.values():
        for name in names:
            os.unlink(name)

    pdf = make_pdf(pages=5)
    from django.core.files.uploadedfile import SimpleUploadedFile

    start = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True):
        respondent_client.post(
            reverse("filings:upload", args=[draft.pk]),
            {"role": "lead", "title": "t", "file": SimpleUploadedFile("a.pdf", pdf, "application/pdf")},
        )
    elapsed = time.perf_counter() - start
    lead = draft.documents.get(role="lead")
    print(f"[latency] upload -> {lead.scan_status} on an idle in-process worker: {elapsed * 1000:.0f} ms")
