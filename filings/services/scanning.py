"""Writes of the virus-scanning pipeline: scan one stored upload and record its verdict, re-send the
scans stuck in `scanning`. The clamd client itself is common.clamd (the clerk admin scans with it too).

uploaded → scanning → clean | infected | unscannable. clamd down leaves the document `scanning`
(the task retries with backoff; the sweep re-sends anything older than the threshold).
"""

import logging

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.actions import AuditAction, scan_verdict_action
from audit.services import audit_record
from common.clamd import ClamdUnavailable, ScanResult, scan_stream
from filings.models import Filing, FilingDocument
from filings.selectors import scans_stuck
from filings.services.documents import document_scan_enqueue
from filings.services.review import filing_reject
from filings.storage import move_to_quarantine

logger = logging.getLogger(__name__)
D = FilingDocument.ScanStatus


def _scan_file(document: FilingDocument) -> ScanResult:
    try:
        with default_storage.open(document.storage_key, "rb") as raw:
            return scan_stream(raw)
    except ClamdUnavailable as exc:
        FilingDocument.objects.filter(pk=document.pk).update(scan_last_error=str(exc)[:300])
        raise
    except FileNotFoundError:
        return ScanResult("unscannable", detail="stored file missing")


def document_scan(*, document_id: int) -> str | None:
    """Scans one stored document with clamd and records the verdict; idempotent (only `scanning` moves).

    Infected: the file moves to quarantine and the filing is rejected automatically. Raises
    ClamdUnavailable when clamd cannot answer (the document stays `scanning`).
    """
    document = FilingDocument.objects.filter(pk=document_id).first()
    if document is None or document.scan_status not in (D.UPLOADED, D.SCANNING):
        return None
    FilingDocument.objects.filter(pk=document_id).update(scan_attempts=F("scan_attempts") + 1)
    result = _scan_file(document)
    with transaction.atomic():
        document = FilingDocument.objects.select_for_update().select_related("filing__case").get(pk=document_id)
        if document.scan_status not in (D.UPLOADED, D.SCANNING):
            return None  # another worker finished first
        if result.verdict == "infected":
            _record_infected(document, result)
        else:
            document.scan_status = D.CLEAN if result.verdict == "clean" else D.UNSCANNABLE
            document.scan_last_error = result.detail[:300]
            document.scanned_at = timezone.now()
            document.save(update_fields=["scan_status", "scan_last_error", "scanned_at"])
            audit_record(
                actor=None,
                actor_role="system",
                action=scan_verdict_action(document.scan_status),
                target=document,
                case=document.filing.case,
                data={"detail": result.detail[:200]},
            )
    return document.scan_status


def _record_infected(document: FilingDocument, result: ScanResult) -> None:
    old_key = document.storage_key
    document.storage_key = move_to_quarantine(old_key)
    document.scan_status = D.INFECTED
    document.scan_signature = result.signature[:200]
    document.scanned_at = timezone.now()
    document.save(update_fields=["storage_key", "scan_status", "scan_signature", "scanned_at"])
    transaction.on_commit(lambda: default_storage.delete(old_key))
    audit_record(
        actor=None,
        actor_role="system",
        action=AuditAction.FILING_DOCUMENT_SCAN_INFECTED,
        target=document,
        case=document.filing.case,
        data={"signature": document.scan_signature},
    )
    filing = document.filing
    if filing.status in (Filing.Status.DRAFT, Filing.Status.SUBMITTED):
        with translation.override(filing.filed_by.preferred_language or settings.LANGUAGE_CODE):
            reason = _(
                "The virus check found harmful content in the document “%(title)s”, so the court cannot "
                "accept this filing. The file has been locked away and no one can open it. Check your "
                "device for viruses, then start a new filing with a clean copy."
            ) % {"title": document.title}
        filing_reject(filing=filing, actor=None, reason=reason)


def scans_sweep() -> list[int]:
    """Re-enqueues every document stuck in scanning and restamps its request time; returns their ids."""
    ids = list(scans_stuck().values_list("pk", flat=True)[:500])
    if ids:
        FilingDocument.objects.filter(pk__in=ids).update(scan_requested_at=timezone.now(), scan_status=D.SCANNING)
        for document_id in ids:
            document_scan_enqueue(document_id)
    return ids
