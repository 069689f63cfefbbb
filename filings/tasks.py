"""Celery tasks of the filings app. They take ids only. Scans go to the `scan` queue; the PDFs the
portal makes go to the `render` queue (routes in portal.celery)."""

import logging

from celery import shared_task

from filings.scanning import ClamdUnavailable
from filings.scans import document_scan, scans_sweep

logger = logging.getLogger(__name__)

MAX_SCAN_RETRIES = 8  # backoff 15 s, 30 s, ... capped at 10 min; after that the sweep takes over


@shared_task(bind=True, acks_late=True, max_retries=MAX_SCAN_RETRIES)
def scan_document(self, document_id: int) -> str | None:
    """Scans one uploaded document with clamd; clamd down means retry with backoff, never "clean"."""
    try:
        return document_scan(document_id=document_id)
    except ClamdUnavailable as exc:
        logger.warning("clamd unavailable for document %s: %s", document_id, exc)
        if self.request.retries >= self.max_retries:
            return None  # still `scanning`: the periodic sweep sends it again
        raise self.retry(exc=exc, countdown=min(600, 15 * 2**self.request.retries)) from exc


@shared_task
def sweep_stuck_scans() -> int:
    """Re-sends the scan of every document stuck in `scanning` (a lost message delays, never loses);
    also re-sends the rendering of submitted filings still missing their certificate or receipt PDF."""
    from filings.generated import filing_pdfs_sweep

    return len(scans_sweep()) + len(filing_pdfs_sweep())


@shared_task(acks_late=True)
def render_filing_pdfs(filing_id: int) -> bool:
    """Makes a submitted filing's certificate of service and receipt PDF (idempotent)."""
    from filings.generated import filing_pdfs_render

    return filing_pdfs_render(filing_id=filing_id)
