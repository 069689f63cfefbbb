"""Whole-record downloads and the ZIPs stored once per version of the record (docs/adr/0052).

The first download of a version streams the archive from the documents and asks for a Celery task
that writes the very same bytes to private storage. From then on every download and every resumed
download of that version reads the stored file with true range reads. Storing a new version deletes
the superseded ones; a periodic sweep drops stuck builds and archives nobody has downloaded for a
while (they are rebuilt on demand). Every download is audited, a resumed one too.
"""

import dataclasses
import datetime
import hashlib
import logging
import tempfile
from functools import partial

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from audit.actions import AuditAction
from audit.services import audit_record, audited
from cases import record_zip, selectors, tasks
from cases.models import Case, RecordDocument, RecordZip
from cases.selectors import RECORD_ZIP_STALE_CLAIM as STALE_CLAIM
from cases.selectors import RecordZipDownload

logger = logging.getLogger(__name__)

# Storage is not free: an archive nobody downloaded for this long is deleted (and rebuilt if asked).
KEEP_UNUSED = datetime.timedelta(days=30)


class _TemporaryArchive(File):
    """A finished archive in a temporary file: filesystem storage moves it into place instead of copying."""

    def temporary_file_path(self) -> str:
        return self.file.name


def _current_versions(*, case: Case, documents: list[RecordDocument]) -> set[str]:
    """The ETags of the record as it stands, one per language of the index."""
    versions = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            versions.add(record_zip.record_version(case, documents))
    return versions


@audited(AuditAction.RECORD_DOWNLOADED)
def record_download(*, actor, download: RecordZipDownload, sent_bytes: int, range_header: str) -> None:
    """Audits a whole-record download (a resumed one too); notes a use of the stored archive, or asks
    for this version to be stored (queued after commit; a broker outage never fails the download)."""
    case = download.case
    audit_record(
        actor=actor,
        action=AuditAction.RECORD_DOWNLOADED,
        target=case,
        case=case,
        data={
            "documents": len(download.documents),
            "bytes": sent_bytes,
            "range": range_header[:100],
            "stored": download.stored is not None,
        },
    )
    if download.stored is not None:
        RecordZip.objects.filter(pk=download.stored.pk).update(last_served_at=timezone.now())
    elif selectors.record_zip_needs_build(case=case, version=download.version):
        # robust: a broker outage must not fail the download (the next download asks again)
        build = partial(tasks.record_zip_build.delay, case.pk, translation.get_language())
        transaction.on_commit(build, robust=True)


def record_zip_lost(*, download: RecordZipDownload) -> RecordZipDownload:
    """The stored file has gone (swept while this request read its row): forgets it, so that it is
    rebuilt, and answers the download as one to stream."""
    stored = download.stored
    RecordZip.objects.filter(pk=stored.pk, file=stored.file.name).delete()
    return dataclasses.replace(download, stored=None)


def _claim(case: Case, version: str, language: str) -> RecordZip | None:
    with transaction.atomic():
        row, created = RecordZip.objects.select_for_update().get_or_create(
            case=case, version=version, defaults={"language": language}
        )
        if created:
            return row
        if row.status == RecordZip.Status.READY or row.claimed_at >= timezone.now() - STALE_CLAIM:
            return None  # built, or being built by another worker
        row.claimed_at = timezone.now()
        row.save(update_fields=["claimed_at"])
        return row


def _write(row: RecordZip, archive: record_zip.RecordArchive) -> None:
    """Writes the planned stream to a temporary file, checks its length, then puts it in storage."""
    digest, written = hashlib.sha256(), 0
    with tempfile.NamedTemporaryFile(prefix="record-zip-", suffix=".zip", dir=settings.FILE_UPLOAD_TEMP_DIR) as tmp:
        for block in archive.stream:
            tmp.write(block)
            digest.update(block)
            written += len(block)
        if written != archive.size:
            raise RuntimeError(f"Record ZIP for case {row.case_id}: {written} bytes written, {archive.size} planned")
        tmp.flush()
        tmp.seek(0)
        row.file.save("record.zip", _TemporaryArchive(tmp), save=False)
    row.size, row.sha256 = written, digest.hexdigest()


def _delete_files(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("Could not delete stored record ZIP %s", name, exc_info=True)


def _drop(rows) -> int:
    """Deletes archive rows now and their files after commit (a rollback keeps both)."""
    rows = list(rows)
    names = [row.file.name for row in rows if row.file]
    RecordZip.objects.filter(pk__in=[row.pk for row in rows]).delete()
    if names:
        transaction.on_commit(partial(_delete_files, names))
    return len(rows)


def _drop_superseded(case: Case) -> int:
    current = _current_versions(case=case, documents=selectors.record_documents_in_order(case=case))
    stale = RecordZip.objects.select_for_update().filter(case=case).exclude(version__in=current)
    return _drop(stale.exclude(status=RecordZip.Status.BUILDING, claimed_at__gte=timezone.now() - STALE_CLAIM))


def _finish(row: RecordZip) -> RecordZip | None:
    with transaction.atomic():
        mine = RecordZip.objects.select_for_update().filter(pk=row.pk, claimed_at=row.claimed_at).first()
        if mine is None:  # swept or taken over while we built: ours is surplus
            transaction.on_commit(partial(_delete_files, [row.file.name]))
            return None
        row.status, row.ready_at = RecordZip.Status.READY, timezone.now()
        row.save(update_fields=["status", "file", "size", "sha256", "ready_at"])
        _drop_superseded(row.case)  # includes this one if the record changed while it was built
        return RecordZip.objects.filter(pk=row.pk).first()


def record_zip_build(*, case_id: int, language: str) -> RecordZip | None:
    """Stores the ZIP of the case's current record in this language once; deletes superseded ones.

    Idempotent: a version already stored (or being built) is left alone. The bytes are exactly those
    a download of this version streams, so a download begun before the build resumes against it.
    """
    with translation.override(language):
        case = Case.objects.select_related("court").get(pk=case_id)
        documents = selectors.record_documents_in_order(case=case)
        row = _claim(case, record_zip.record_version(case, documents), language)
        if row is None:
            return None
        try:
            _write(row, record_zip.record_archive(case=case, documents=documents))
        except BaseException:
            RecordZip.objects.filter(pk=row.pk, claimed_at=row.claimed_at, status=RecordZip.Status.BUILDING).delete()
            if row.file:
                _delete_files([row.file.name])
            raise
        return _finish(row)


def record_zips_sweep() -> int:
    """Beat: deletes stuck builds, superseded archives and archives unused for KEEP_UNUSED; returns how many."""
    now = timezone.now()
    with transaction.atomic():
        stuck = RecordZip.objects.select_for_update().filter(
            status=RecordZip.Status.BUILDING, claimed_at__lt=now - STALE_CLAIM
        )
        unused = (
            RecordZip.objects.select_for_update()
            .filter(status=RecordZip.Status.READY)
            .filter(Q(last_served_at__lt=now - KEEP_UNUSED) | Q(last_served_at=None, ready_at__lt=now - KEEP_UNUSED))
        )
        dropped = _drop(stuck) + _drop(unused)
    for case in Case.objects.filter(pk__in=RecordZip.objects.values("case_id")).select_related("court"):
        with transaction.atomic():
            dropped += _drop_superseded(case)
    return dropped
