"""A clerk's upload to the record of proceedings: checked like a respondent's upload, virus-scanned
before anything is stored, then added with its SHA-256, size and page count; audited."""

import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext_lazy as _

from audit.actions import AuditAction
from audit.services import audit_record, audited
from cases.models import RecordDocument
from common.clamd import ClamdUnavailable, scan_path
from common.pdfs import UploadRejected, ValidatedPdf, validate_pdf

logger = logging.getLogger(__name__)


@dataclass
class CheckedRecordFile:
    """A clerk's upload that passed every check: `file` is what the record stores (disarmed if needed)."""

    file: File
    pages: int
    removed: list[str] = field(default_factory=list)


def _scan_refusal(verdict: str) -> ValidationError:
    if verdict == "infected":
        return ValidationError(
            _(
                "The virus check found harmful content in this file, so it was not added to the record. "
                "Nothing was saved. Ask the sender for a clean copy."
            ),
            code="infected",
        )
    return ValidationError(
        _(
            "The virus check could not read this whole file, so it was not added to the record. "
            "Nothing was saved. Save it again as a plain PDF, or split it into smaller files, and upload it again."
        ),
        code="unscannable",
    )


def _check_path(path: Path) -> ValidatedPdf:
    """Validates and disarms the file at `path`, then scans what would be stored; raises ValidationError."""
    try:
        checked = validate_pdf(path)
    except UploadRejected as exc:
        raise ValidationError(exc.message, code=exc.code) from exc
    try:
        result = scan_path(checked.path)
    except ClamdUnavailable as exc:
        if checked.rewritten:
            checked.path.unlink(missing_ok=True)
        logger.warning("Record document not scanned, clamd unavailable: %s", exc)
        raise ValidationError(
            _(
                "The virus check is not working right now, so the document was not added to the record. "
                "Nothing was saved. Try again in a few minutes."
            ),
            code="scanner_unavailable",
        ) from exc
    if result.verdict != "clean":
        if checked.rewritten:
            checked.path.unlink(missing_ok=True)
        raise _scan_refusal(result.verdict)
    return checked


def record_file_check(*, upload) -> File:
    """Runs a clerk's upload through the checks respondents' uploads get (PDF, complete, not encrypted,
    active content removed) and a virus scan, now: the record shows nothing unscanned. Returns the file
    to store, marked as checked; raises ValidationError (nothing is stored) when any of it fails."""
    own_copy = None
    try:
        if hasattr(upload, "temporary_file_path"):
            path = Path(upload.temporary_file_path())
        else:  # a small upload held in memory: the checks read a file
            own_copy = tempfile.NamedTemporaryFile(suffix=".pdf", dir=settings.FILE_UPLOAD_TEMP_DIR)  # noqa: SIM115
            upload.seek(0)
            for chunk in upload.chunks():
                own_copy.write(chunk)
            own_copy.flush()
            path = Path(own_copy.name)
        checked = _check_path(path)
        if checked.rewritten:
            # The disarmed copy replaces the upload. Opened, then unlinked: the open file is all we need,
            # and nothing is left behind if the form fails on another field.
            handle = open(checked.path, "rb")  # noqa: SIM115 - closed with the File
            os.unlink(checked.path)
            stored = File(handle, name=upload.name)
        else:
            upload.seek(0)
            stored = upload
    finally:
        if own_copy is not None:
            own_copy.close()
    stored.record_check = CheckedRecordFile(file=stored, pages=checked.pages, removed=checked.removed)
    return stored


def _digest(upload) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return digest.hexdigest(), size


@audited(AuditAction.RECORDDOCUMENT_CREATED)
def record_document_add(*, document: RecordDocument, actor) -> RecordDocument:
    """Adds a document to a case's record once it passed the upload checks and the virus scan (run here
    if the form did not), fixing its SHA-256, size and page count; audited. Raises ValidationError."""
    upload = document.file.file
    check = getattr(upload, "record_check", None)
    if check is None:
        upload = record_file_check(upload=upload)
        check = upload.record_check
        document.file = upload
    upload.open("rb")
    document.sha256, document.size = _digest(upload)
    document.pages = check.pages
    document.save()
    audit_record(
        actor=actor,
        action=AuditAction.RECORDDOCUMENT_CREATED,
        target=document,
        case=document.case,
        data={
            "category": document.category,
            "filed_by": document.filed_by,
            "size": document.size,
            "removed": check.removed,
            "scan": "clean",
        },
    )
    return document
