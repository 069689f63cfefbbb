"""Mailing batches: a clerk's court's unprinted letters, presorted by ZIP, merged into print files.

A batch fixes its letters and their order once, in one transaction (`batch_seq`); each print file
(at most NOTICES_PRINT_FILE_MAX letters) is then built by its own task: first the file's letters
that are not rendered yet are rendered, NOTICES_RENDER_CHUNK at a time as one WeasyPrint document
each (`services.batch_rendering`), then the stored notice PDFs are merged with pikepdf. A print file task is
idempotent (a file already built is left alone; a rendered chunk is kept; a half-rendered chunk or a
half-built file is done again from the start), so a worker crash or a duplicated message never
duplicates or loses a letter. The periodic sweep re-sends print files that stay pending.
"""

import hashlib
import io
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import AccessCode
from accounts.services import access_code_mark_mailed
from audit.actions import AuditAction
from audit.services import audit_record, audited
from cases.storage_keys import random_key
from common.csv_export import safe_csv_writer
from delivery.services import service_records_paper_create, service_records_paper_mailed
from notices import tasks
from notices.models import MailingBatch, Notice, PrintFile
from notices.services.batch_rendering import notices_render_together
from notices.services.notices import TRANSITIONS

logger = logging.getLogger(__name__)

B = MailingBatch.State
N = Notice.State
# Straight from the transition table: the states a letter may be printed from.
PRINTABLE = [state for state, targets in TRANSITIONS.items() if N.PRINTED in targets]
# A batch also takes letters not rendered yet: its print file tasks render them.
BATCHABLE = [N.REQUESTED, *PRINTABLE]


class BatchStateError(Exception):
    """The batch is not in a state that allows this step."""


def _enqueue_print_files(ids: list[int]) -> None:
    def send():
        for print_file_id in ids:
            tasks.print_file_build.delay(print_file_id)

    transaction.on_commit(send)


def _zip_order(notices: list[Notice]) -> list[Notice]:
    """Presort for the postal service: U.S. addresses by 5-digit ZIP, then abroad, then by notice id."""

    def key(notice: Notice):
        r = notice.respondent
        domestic = r.country == "US"
        return (0 if domestic else 1, (r.postal_code or "")[:5] if domestic else r.country, notice.pk)

    return sorted(notices, key=key)


@transaction.atomic
def mailing_batch_start(*, court, actor) -> MailingBatch | None:
    """Puts every unprinted letter of the court that is served on paper in a new batch (None if there is
    none), with a paper service record each; audited. Letters not rendered yet are rendered by the
    batch's print file tasks. Notices served by email are not printed (unless email fails first).
    """
    candidates = list(
        Notice.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("respondent")
        .filter(court=court, state__in=BATCHABLE, batch__isnull=True, serve_on_paper=True)
        .only(
            "pk",
            "state",
            "court_id",
            "respondent_id",
            *(f"respondent__{f}" for f in ("address_line1", "address_line2", "city", "state", "postal_code")),
            "respondent__country",
        )
    )
    if not candidates:
        return None
    batch = MailingBatch.objects.create(court=court, created_by=actor, total=len(candidates))
    ordered = _zip_order(candidates)
    for seq, notice in enumerate(ordered, start=1):
        notice.batch, notice.batch_seq = batch, seq
    Notice.objects.bulk_update(ordered, ["batch", "batch_seq"], batch_size=1000)
    service_records_paper_create(
        letters=[(n.pk, n.respondent_id, n.court_id, " / ".join(n.respondent.address_lines)) for n in ordered]
    )
    size = settings.NOTICES_PRINT_FILE_MAX
    files = [
        PrintFile(batch=batch, number=n, first_seq=first, last_seq=min(first + size - 1, len(ordered)))
        for n, first in enumerate(range(1, len(ordered) + 1, size), start=1)
    ]
    PrintFile.objects.bulk_create(files)
    audit_record(
        actor=actor,
        action=AuditAction.MAILING_BATCH_STARTED,
        target=batch,
        court_id=court.pk,
        data={
            "letters": len(ordered),
            "print_files": len(files),
            "to_render": sum(1 for notice in ordered if notice.state == N.REQUESTED),
        },
    )
    _enqueue_print_files([f.pk for f in PrintFile.objects.filter(batch=batch)])
    return batch


def _merge(notices: list[Notice]) -> tuple[bytes, int, dict[str, int]]:
    import pikepdf

    merged = pikepdf.new()
    page_map: dict[str, int] = {}
    sources = []
    try:
        for notice in notices:
            with default_storage.open(notice.pdf_key, "rb") as handle:
                source = pikepdf.open(io.BytesIO(handle.read()))
            sources.append(source)
            page_map[str(notice.pk)] = len(merged.pages) + 1
            merged.pages.extend(source.pages)
        out = io.BytesIO()
        merged.save(out, deterministic_id=True)
        return out.getvalue(), len(merged.pages), page_map
    finally:
        for source in sources:
            source.close()
        merged.close()


def _print_file_failed(pf: PrintFile, reason: str, *, attempts: int) -> None:
    """Records why a print file could not be built; after too many attempts it is `failed`."""
    pf.error = reason[:300]
    fields = ["error", "updated_at"]
    if attempts >= settings.NOTICES_PRINT_FILE_MAX_ATTEMPTS:
        pf.state = PrintFile.State.FAILED
        fields.append("state")
    PrintFile.objects.filter(pk=pf.pk, state=PrintFile.State.PENDING).update(
        **{f: getattr(pf, f) for f in fields if f != "updated_at"}, updated_at=timezone.now()
    )


def _render_letters(pf: PrintFile) -> dict[int, str]:
    """Renders the file's letters that are not rendered yet, a chunk at a time; returns the failures."""
    pending = list(
        Notice.objects.filter(batch_id=pf.batch_id, batch_seq__range=(pf.first_seq, pf.last_seq), state=N.REQUESTED)
        .order_by("batch_seq")
        .values_list("pk", flat=True)
    )
    size = max(1, settings.NOTICES_RENDER_CHUNK)
    failures: dict[int, str] = {}
    for start in range(0, len(pending), size):
        failures.update(notices_render_together(notice_ids=pending[start : start + size]))
        # A heartbeat: the sweep re-sends only files that have not moved for a while.
        PrintFile.objects.filter(pk=pf.pk).update(updated_at=timezone.now())
    return failures


def _render_failure_reason(failures: dict[int, str]) -> str:
    notice_id, reason = next(iter(sorted(failures.items())))
    return ngettext(
        "%(count)d letter could not be rendered (notice %(notice)s: %(reason)s).",
        "%(count)d letters could not be rendered (first: notice %(notice)s: %(reason)s).",
        len(failures),
    ) % {"count": len(failures), "notice": notice_id, "reason": reason}


def print_file_build(*, print_file_id: int) -> PrintFile | None:
    """Renders the file's unrendered letters, then merges its letters' PDFs (idempotent); finishes the batch."""
    with transaction.atomic():
        pf = PrintFile.objects.select_for_update().filter(pk=print_file_id).first()
        if pf is None or pf.state != PrintFile.State.PENDING:
            return pf
        # Counted before the work, so a file that kills its worker every time ends `failed`.
        pf.attempts += 1
        pf.save(update_fields=["attempts", "updated_at"])
    attempts = pf.attempts
    failures = _render_letters(pf)
    if failures:
        _print_file_failed(pf, _render_failure_reason(failures), attempts=attempts)
        logger.warning("print file %s: %s letters could not be rendered", pf.pk, len(failures))
        return PrintFile.objects.get(pk=pf.pk)
    with transaction.atomic():
        pf = PrintFile.objects.select_for_update().select_related("batch").get(pk=print_file_id)
        if pf.state != PrintFile.State.PENDING:
            return pf
        notices = list(
            Notice.objects.filter(batch=pf.batch, batch_seq__range=(pf.first_seq, pf.last_seq)).order_by("batch_seq")
        )
        try:
            if any(not notice.pdf_key for notice in notices):
                raise ValueError(_("A letter of this file has no PDF yet."))
            content, pages, page_map = _merge(notices)
        except Exception as exc:
            logger.exception("print file %s: build failed", pf.pk)
            _print_file_failed(pf, f"{type(exc).__name__}: {exc}", attempts=attempts)
            return PrintFile.objects.get(pk=pf.pk)
        key = pf.file_key or random_key("mailing")
        if default_storage.exists(key):
            default_storage.delete(key)
        pf.file_key = default_storage.save(key, ContentFile(content))
        pf.pages, pf.page_map, pf.sha256 = pages, page_map, hashlib.sha256(content).hexdigest()
        pf.state, pf.error = PrintFile.State.DONE, ""
        pf.save(update_fields=["file_key", "pages", "page_map", "sha256", "state", "error", "updated_at"])
        batch_id = pf.batch_id
    mailing_batch_finish(batch_id=batch_id)
    return pf


def _manifest(batch: MailingBatch) -> bytes:
    files = {f.number: f for f in batch.files.all()}
    by_seq = {}
    for pf in files.values():
        for notice_id, page in pf.page_map.items():
            by_seq[int(notice_id)] = (pf, page)
    out = io.StringIO()
    writer = safe_csv_writer(out)  # names and addresses are typed by people: never a formula
    writer.writerow(["sequence", "notice_id", "name", "address", "zip", "country", "print_file", "page", "pages"])
    notices = batch.notices.select_related("respondent").order_by("batch_seq")
    for notice in notices.iterator(chunk_size=1000):
        pf, page = by_seq[notice.pk]
        r = notice.respondent
        writer.writerow(
            [
                notice.batch_seq,
                notice.pk,
                r.full_name,
                " / ".join(r.address_lines),
                r.postal_code,
                r.country,
                f"batch-{batch.pk}-{pf.number:03d}.pdf",
                page,
                notice.pdf_pages,
            ]
        )
    return out.getvalue().encode("utf-8")


def mailing_batch_finish(*, batch_id: int) -> MailingBatch | None:
    """When every print file is built, writes the CSV manifest and makes the batch ready to print."""
    with transaction.atomic():
        batch = MailingBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None or batch.state != B.BUILDING:
            return batch
        if batch.files.exclude(state=PrintFile.State.DONE).exists():
            return batch
        batch.manifest_key = default_storage.save(random_key("mailing", "csv"), ContentFile(_manifest(batch)))
        batch.state, batch.completed_at = B.READY, timezone.now()
        batch.save(update_fields=["manifest_key", "state", "completed_at"])
        audit_record(
            actor=None,
            actor_role="system",
            action=AuditAction.MAILING_BATCH_READY,
            target=batch,
            court_id=batch.court_id,
        )
    return batch


@audited(AuditAction.MAILING_BATCH_PRINTED)
def mailing_batch_mark_printed(*, batch: MailingBatch, actor) -> MailingBatch:
    """The clerk printed the files: every letter of the batch becomes `printed`; audited."""
    batch = MailingBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.state != B.READY:
        raise BatchStateError(batch.state)
    now = timezone.now()
    count = batch.notices.filter(state__in=PRINTABLE).update(state=N.PRINTED, printed_at=now)
    batch.state, batch.printed_at = B.PRINTED, now
    batch.save(update_fields=["state", "printed_at"])
    audit_record(actor=actor, action=AuditAction.MAILING_BATCH_PRINTED, target=batch, data={"letters": count})
    return batch


@audited(AuditAction.MAILING_BATCH_MAILED)
def mailing_batch_mark_mailed(*, batch: MailingBatch, actor, mailed_at=None) -> MailingBatch:
    """The letters went to the post: each notice gets its mailing date, and mailed access codes start counting."""
    batch = MailingBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.state != B.PRINTED:
        raise BatchStateError(batch.state)
    mailed_at = mailed_at or timezone.now()
    count = batch.notices.filter(state=N.PRINTED).update(state=N.MAILED, mailed_at=mailed_at)
    service_records_paper_mailed(notice_ids=batch.notices.values("pk"), mailed_at=mailed_at)
    code_ids = batch.notices.filter(kind=Notice.Kind.REGISTRATION, access_code_id__isnull=False).values_list(
        "access_code_id", flat=True
    )
    codes = AccessCode.objects.select_related("respondent").filter(pk__in=list(code_ids))
    for code in codes.iterator(chunk_size=500):
        access_code_mark_mailed(access_code=code, mailed_at=mailed_at)
    batch.state, batch.mailed_at = B.MAILED, mailed_at
    batch.save(update_fields=["state", "mailed_at"])
    audit_record(actor=actor, action=AuditAction.MAILING_BATCH_MAILED, target=batch, data={"letters": count})
    return batch


@transaction.atomic
def mailing_batch_retry_failed(*, batch: MailingBatch, actor) -> int:
    """Sends a batch's failed print files again (after the cause was fixed), with fresh attempts; audited."""
    batch = MailingBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.state != B.BUILDING:
        return 0
    ids = list(batch.files.filter(state=PrintFile.State.FAILED).values_list("pk", flat=True))
    if not ids:
        return 0
    PrintFile.objects.filter(pk__in=ids).update(
        state=PrintFile.State.PENDING, attempts=0, error="", updated_at=timezone.now()
    )
    audit_record(actor=actor, action=AuditAction.MAILING_BATCH_RETRIED, target=batch, data={"print_files": len(ids)})
    _enqueue_print_files(ids)
    return len(ids)


@audited(AuditAction.MAILING_BATCH_MANIFEST_DOWNLOADED)
def mailing_batch_manifest_download_record(*, batch: MailingBatch, actor) -> None:
    """Audits a download of the batch's manifest (the mailing list of letters with access codes)."""
    audit_record(actor=actor, action=AuditAction.MAILING_BATCH_MANIFEST_DOWNLOADED, target=batch)


@audited(AuditAction.MAILING_BATCH_FILE_DOWNLOADED)
def print_file_download_record(*, print_file: PrintFile, actor) -> None:
    """Audits a download of one print file (letters with access codes), on its batch."""
    audit_record(
        actor=actor,
        action=AuditAction.MAILING_BATCH_FILE_DOWNLOADED,
        target=print_file.batch,
        data={"file": print_file.number},
    )


def stuck_print_files_requeue(*, older_than) -> int:
    """Periodic sweep: re-sends print files still pending after `older_than`, finishes complete batches."""
    cutoff = timezone.now() - older_than
    ids = list(
        PrintFile.objects.filter(state=PrintFile.State.PENDING, updated_at__lt=cutoff).values_list("pk", flat=True)[
            :500
        ]
    )
    for print_file_id in ids:
        tasks.print_file_build.delay(print_file_id)
    for batch_id in MailingBatch.objects.filter(state=B.BUILDING).values_list("pk", flat=True):
        mailing_batch_finish(batch_id=batch_id)
    return len(ids)
