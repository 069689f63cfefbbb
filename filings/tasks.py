"""Celery tasks of the filings app: thin, ids only, each named like the service it calls and on the
queue its decorator declares (scans on `scan`, the PDFs the portal makes on `render`).

A task imports its service when it runs: the services import this module at their top.
"""

import logging

from celery import shared_task

from common.clamd import ClamdUnavailable

logger = logging.getLogger(__name__)

MAX_SCAN_RETRIES = 8  # backoff 15 s, 30 s, ... capped at 10 min; after that the sweep takes over


@shared_task(name="filings.document_scan", bind=True, acks_late=True, max_retries=MAX_SCAN_RETRIES, route_queue="scan")
def document_scan(self, document_id: int) -> str | None:
    """Scans one uploaded document with clamd; clamd down means retry with backoff, never "clean"."""
    from filings.services import document_scan as scan

    try:
        return scan(document_id=document_id)
    except ClamdUnavailable as exc:
        logger.warning("clamd unavailable for document %s: %s", document_id, exc)
        if self.request.retries >= self.max_retries:
            return None  # still `scanning`: the periodic sweep sends it again
        raise self.retry(exc=exc, countdown=min(600, 15 * 2**self.request.retries)) from exc


# Named as before, not `filings.stuck_work_sweep`: beat (portal.settings) and the fault harness send it by this name.
@shared_task(name="filings.tasks.sweep_stuck_scans", route_queue="scan")
def stuck_work_sweep() -> int:
    """Periodic: re-sends every scan stuck in `scanning` and every submitted filing's missing PDFs."""
    from filings.services import stuck_work_sweep as sweep

    return sweep()


@shared_task(name="filings.filing_pdfs_render", acks_late=True, route_queue="render")
def filing_pdfs_render(filing_id: int) -> bool:
    """Makes a submitted filing's certificate of service and receipt PDF (idempotent)."""
    from filings.services import filing_pdfs_render as render

    return render(filing_id=filing_id)
