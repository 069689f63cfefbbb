"""The whole record of proceedings as one ZIP, streamed and never held in memory.

zipstream-ng in sized mode (stored, not compressed: the documents are PDFs) knows the archive's
exact length before the first byte, so `Content-Length` is sent. The archive is deterministic for a
given version of the record (fixed timestamps, fixed order, fixed names), so a broken download can
be resumed with HTTP Range. The first download of a version is streamed from the documents while
a task stores the same bytes once (cases/record_zip_store.py); later downloads and resumes read the
stored archive (docs/adr/0050-record-zip-resume.md, docs/adr/0052-record-zip-stored-per-version.md).
"""

import contextvars
import datetime
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import zipstream.ng as zipstream_ng
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from zlib_ng import zlib_ng

from cases.models import Case, RecordDocument
from common.csv_export import safe_csv_writer

FORMAT_VERSION = "3"  # 2: the court named in the index; 3: formula-safe CSV index (new bytes, new version)
_FIXED_DATE: contextvars.ContextVar = contextvars.ContextVar("record_zip_date_time", default=None)


class _DatedZipStreamInfo(zipstream_ng.ZipStreamInfo):
    """zipstream-ng stamps data entries with the current time; ours take the record's own date."""

    def __init__(self, filename, date_time=None):
        super().__init__(filename, date_time or _FIXED_DATE.get())


# Only entries made while _FIXED_DATE is set (inside RecordZipStream) change: everything else is as before.
zipstream_ng.ZipStreamInfo = _DatedZipStreamInfo
# The CRC-32 of every byte is most of the cost of generating the archive: zlib-ng's (carry-less multiply
# on the CPU) gives the same values 3-4x faster than zlib's. zipstream-ng 1.9 calls the name it imported.
zipstream_ng.crc32 = zlib_ng.crc32


class RecordZipStream(zipstream_ng.ZipStream):
    def __init__(self, *, date_time: tuple, **kwargs):
        super().__init__(sized=True, **kwargs)
        self._date_time = date_time
        self.documents: list[RecordDocument] = []

    def __iter__(self):
        # Every document's file must be there before the first byte: a missing one raises here
        # (the download answers 404, the build fails), never halfway through a 500 MB archive.
        for document in self.documents:
            if not document.file.storage.exists(document.file.name):
                raise FileNotFoundError(f"record document {document.pk}: stored file missing")
        return super().__iter__()

    def _gen_file_entry(self, **kwargs):
        _FIXED_DATE.set(self._date_time)
        yield from super()._gen_file_entry(**kwargs)


def safe_name(text: str, *, limit: int = 60) -> str:
    """ASCII letters, digits and hyphens only: valid on Windows, macOS and Linux, never a path."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")[:limit].strip("-")
    return cleaned or "document"


def _extension(document: RecordDocument) -> str:
    suffix = document.file.name.rsplit(".", 1)[-1].lower() if "." in document.file.name else "pdf"
    return suffix if re.fullmatch(r"[a-z0-9]{1,5}", suffix) else "pdf"


def entry_name(position: int, document: RecordDocument) -> str:
    """ "003_2026-03-09_Notice-to-Appear.pdf": numbered in filing order, dated, safe."""
    return f"{position:03d}_{document.filed_on:%Y-%m-%d}_{safe_name(document.title)}.{_extension(document)}"


@dataclass
class RecordArchive:
    stream: RecordZipStream
    size: int
    etag: str
    filename: str
    last_modified: object


READ_SIZE = 256 * 1024  # large enough that per-block Python costs vanish, small enough to stay in cache for CRC


def _lazy_file(document: RecordDocument) -> Iterator[bytes]:
    with document.file.open("rb") as handle:
        while block := handle.read(READ_SIZE):
            yield block


def _index_rows(case: Case, documents: list[RecordDocument]) -> list[dict]:
    return [
        {
            "number": position,
            "file": entry_name(position, document),
            "filed_on": document.filed_on,
            "title": document.title,
            "category": document.get_category_display(),
            "filed_by": document.get_filed_by_display(),
            "pages": document.pages if document.pages is not None else "",
            "size": document.size,
            "sha256": document.sha256,
        }
        for position, document in enumerate(documents, start=1)
    ]


def _index_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = safe_csv_writer(out)  # titles are typed by people: never a formula in a spreadsheet
    writer.writerow(
        [
            _("Number"),
            _("File"),
            _("Date filed"),
            _("Title"),
            _("Category"),
            _("Filed by"),
            _("Pages"),
            _("Size in bytes"),
            "SHA-256",
        ]
    )
    for row in rows:
        writer.writerow(
            [row["number"], row["file"], row["filed_on"].isoformat(), row["title"], row["category"],
             row["filed_by"], row["pages"], row["size"], row["sha256"]]
        )  # fmt: skip
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: spreadsheet programs then read UTF-8


def record_version(case: Case, documents: list[RecordDocument]) -> str:
    """A strong ETag for this version of the record in the active language."""
    facts = [
        FORMAT_VERSION,
        case.pk,
        translation.get_language(),
        [case.court.name, case.court.time_zone],
        [[d.pk, d.sha256, d.size, d.title, d.category, d.filed_by, d.filed_on.isoformat(), d.pages] for d in documents],
    ]
    return '"' + hashlib.sha256(json.dumps(facts, default=str).encode()).hexdigest()[:40] + '"'


def record_stamp(case: Case, documents: list[RecordDocument]) -> datetime.datetime:
    """The date of this version of the record (its newest document), stamped on every entry; Last-Modified."""
    stamp = max((d.created_at for d in documents), default=case.created_at)
    return stamp.astimezone(datetime.UTC).replace(microsecond=0)


def archive_filename(case: Case) -> str:
    return f"record-of-proceedings-case-{case.pk}.zip"


def record_archive(*, case: Case, documents: list[RecordDocument]) -> RecordArchive:
    """Plans the ZIP (nothing is read yet): every document in filing order plus an HTML and a CSV index."""
    stamp_utc = record_stamp(case, documents)
    rows = _index_rows(case, documents)
    index_html = render_to_string(
        "cases/record_index.html",
        {"case": case, "rows": rows, "as_of": date_format(stamp_utc.astimezone(case.court.tz), "DATE_FORMAT")},
    ).encode("utf-8")
    stream = RecordZipStream(date_time=stamp_utc.timetuple()[0:6])
    stream.add(index_html, "000_index.html")
    stream.add(_index_csv(rows), "000_index.csv")
    for position, document in enumerate(documents, start=1):
        stream.add(_lazy_file(document), entry_name(position, document), size=document.size)
    stream.documents = list(documents)
    return RecordArchive(
        stream=stream,
        size=len(stream),
        etag=record_version(case, documents),
        filename=archive_filename(case),
        last_modified=stamp_utc,
    )
