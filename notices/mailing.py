"""Mailing batches: a clerk's court's rendered letters, presorted by ZIP, merged into print files.

A batch fixes its letters and their order once, in one transaction (`batch_seq`); each print file
(at most NOTICES_PRINT_FILE_MAX letters) is then built by its own task from the stored notice PDFs
with pikepdf. A print file task is idempotent (a file already built is left alone; a half-built one
is built again from the start), so a worker crash or a duplicated message never duplicates or loses
a letter. The periodic sweep re-sends print files that stay pending.
"""

import csv
import hashlib
import io
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from audit.services import audit_record
from cases.storage_keys import random_key
from notices.models import MailingBatch, Notice, PrintFile
from notices.services import TRANSITIONS

logger = logging.getLogger(__name__)

B = MailingBatch.State
N = Notice.State
# Straight from the transition table: the states a letter may be printed from.
PRINTABLE = [state for state, targets in TRANSITIONS.items() if N.PRINTED in targets]


class BatchStateError(Exception):
    """The batch is not in a state that allows this step."""


def _enqueue_print_files(ids: list[int]) -> None:
    from notices.tasks import mailing_build_print_file

    def send():
        for print_file_id in ids:
            mailing_build_print_file.delay(print_file_id)

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
    """Puts every rendered, unprinted letter of the court in a new batch (None if there is none); audited."""
    candidates = list(
        Notice.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("respondent")
        .filter(court=court, state__in=PRINTABLE, batch__isnull=True)
        .only("pk", "respondent__postal_code", "respondent__country")
    )
    if not candidates:
        return None
    batch = MailingBatch.objects.create(court=court, created_by=actor, total=len(candidates))
    ordered = _zip_order(candidates)
    for seq, notice in enumerate(ordered, start=1):
        notice.batch, notice.batch_seq = batch, seq
    Notice.objects.bulk_update(ordered, ["batch", "batch_seq"], batch_size=1000)
    size = settings.NOTICES_PRINT_FILE_MAX
    files = [
        PrintFile(batch=batch, number=n, first_seq=first, last_seq=min(first + size - 1, len(ordered)))
        for n, first in enumerate(range(1, len(ordered) + 1, size), start=1)
    ]
    PrintFile.objects.bulk_create(files)
    audit_record(
        actor=actor,
        action="mailing_batch.started",
        target=batch,
        court_id=court.pk,
        data={"letters": len(ordered), "print_files": len(files)},
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


def print_file_build(*, print_file_id: int) -> PrintFile | None:
    """Builds one print file from its letters' PDFs (idempotent); finishes the batch after the last."""
    with transaction.atomic():
        pf = PrintFile.objects.select_for_update().select_related("batch").filter(pk=print_file_id).first()
        if pf is None or pf.state == PrintFile.State.DONE:
            return pf
        pf.attempts += 1
        notices = list(
            Notice.objects.filter(batch=pf.batch, batch_seq__range=(pf.first_seq, pf.last_seq)).order_by("batch_seq")
        )
        try:
            content, pages, page_map = _merge(notices)
        except Exception as exc:
            pf.error = f"{type(exc).__name__}: {exc}"[:300]
            fields = ["attempts", "error", "updated_at"]
            if pf.attempts >= settings.NOTICES_PRINT_FILE_MAX_ATTEMPTS:
                pf.state = PrintFile.State.FAILED
                fields.append("state")
            pf.save(update_fields=fields)
            logger.exception("print file %s: build failed", pf.pk)
            return pf
        key = pf.file_key or random_key("mailing")
        if default_storage.exists(key):
            default_storage.delete(key)
        pf.file_key = default_storage.save(key, ContentFile(content))
        pf.pages, pf.page_map, pf.sha256 = pages, page_map, hashlib.sha256(content).hexdigest()
        pf.state, pf.error = PrintFile.State.DONE, ""
        pf.save(update_fields=["file_key", "pages", "page_map", "sha256", "state", "error", "attempts", "updated_at"])
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
    writer = csv.writer(out)
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
            actor=None, actor_role="system", action="mailing_batch.ready", target=batch, court_id=batch.court_id
        )
    return batch


@transaction.atomic
def mailing_batch_mark_printed(*, batch: MailingBatch, actor) -> MailingBatch:
    """The clerk printed the files: every letter of the batch becomes `printed`; audited."""
    batch = MailingBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.state != B.READY:
        raise BatchStateError(batch.state)
    now = timezone.now()
    count = batch.notices.filter(state__in=PRINTABLE).update(state=N.PRINTED, printed_at=now)
    batch.state, batch.printed_at = B.PRINTED, now
    batch.save(update_fields=["state", "printed_at"])
    audit_record(actor=actor, action="mailing_batch.printed", target=batch, data={"letters": count})
    return batch


@transaction.atomic
def mailing_batch_mark_mailed(*, batch: MailingBatch, actor, mailed_at=None) -> MailingBatch:
    """The letters went to the post: each notice gets its mailing date, and mailed access codes start counting."""
    from accounts.codes import access_code_mark_mailed
    from accounts.models import AccessCode

    batch = MailingBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.state != B.PRINTED:
        raise BatchStateError(batch.state)
    mailed_at = mailed_at or timezone.now()
    count = batch.notices.filter(state=N.PRINTED).update(state=N.MAILED, mailed_at=mailed_at)
    code_ids = batch.notices.filter(kind=Notice.Kind.REGISTRATION, access_code_id__isnull=False).values_list(
        "access_code_id", flat=True
    )
    codes = AccessCode.objects.select_related("respondent").filter(pk__in=list(code_ids))
    for code in codes.iterator(chunk_size=500):
        access_code_mark_mailed(access_code=code, mailed_at=mailed_at)
    batch.state, batch.mailed_at = B.MAILED, mailed_at
    batch.save(update_fields=["state", "mailed_at"])
    audit_record(actor=actor, action="mailing_batch.mailed", target=batch, data={"letters": count})
    return batch


def batch_progress(batch: MailingBatch) -> dict:
    """Letters done of total, and the failures with their reasons (for the admin)."""
    counts = batch.files.aggregate(
        files=Count("pk"),
        done_files=Count("pk", filter=Q(state=PrintFile.State.DONE)),
    )
    done_letters = sum(f.letters for f in batch.files.filter(state=PrintFile.State.DONE).only("first_seq", "last_seq"))
    failures = list(batch.files.exclude(error="").values_list("number", "state", "error"))
    return {**counts, "done": done_letters, "total": batch.total, "failures": failures}


def stuck_print_files_requeue(*, older_than) -> int:
    """Periodic sweep: re-sends print files still pending after `older_than`, finishes complete batches."""
    cutoff = timezone.now() - older_than
    ids = list(
        PrintFile.objects.filter(state=PrintFile.State.PENDING, updated_at__lt=cutoff).values_list("pk", flat=True)[
            :500
        ]
    )
    from notices.tasks import mailing_build_print_file

    for print_file_id in ids:
        mailing_build_print_file.delay(print_file_id)
    for batch_id in MailingBatch.objects.filter(state=B.BUILDING).values_list("pk", flat=True):
        mailing_batch_finish(batch_id=batch_id)
    return len(ids)
