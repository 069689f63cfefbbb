"""Writes of the filings app, one module per topic; callers import them from here. Each write is
audited in its own transaction; services queue tasks at module top (filings.tasks), never the reverse.

- `filing`: the transition table, starting a draft, filing it (receipt email), withdrawing it;
- `documents`: a draft's documents (upload and its scan, page-size answer, removal) and downloads;
- `review`: the clerk's decision (accept into the record, reject), with email and decision letter;
- `reasons`: the list of review reasons that supervisors keep;
- `scanning`: recording clamd's verdict on an upload, re-sending stuck scans;
- `generated`: the certificate of service and receipt PDF made after submission;
- `address`: the change of address (EOIR-33) as a filing, applied on acceptance;
- `outages`: the outage log and what it does to deadlines already met;
- `sweep`: the periodic re-send of stuck work.
"""

from filings.services.address import address_change_apply, address_change_submit
from filings.services.documents import (
    document_download,
    document_page_size_accept,
    document_remove,
    document_scan_enqueue,
    document_upload,
    filing_receipt_download,
)
from filings.services.filing import (
    TRANSITIONS,
    FilingError,
    S,
    case_accepts_filings,
    filing_create,
    filing_submit,
    filing_withdraw,
    transition,
    transition_allowed,
    transition_check,
)
from filings.services.generated import certificate_make, filing_pdfs_render, filing_pdfs_sweep
from filings.services.outages import filing_timeliness_record, outage_save
from filings.services.reasons import review_reason_save
from filings.services.review import filing_accept, filing_decide, filing_open_refused, filing_reject
from filings.services.scanning import document_scan, scans_sweep
from filings.services.sweep import stuck_work_sweep

__all__ = [
    "TRANSITIONS",
    "FilingError",
    "S",
    "address_change_apply",
    "address_change_submit",
    "case_accepts_filings",
    "certificate_make",
    "document_download",
    "document_page_size_accept",
    "document_remove",
    "document_scan",
    "document_scan_enqueue",
    "document_upload",
    "filing_accept",
    "filing_create",
    "filing_decide",
    "filing_open_refused",
    "filing_pdfs_render",
    "filing_pdfs_sweep",
    "filing_receipt_download",
    "filing_reject",
    "filing_submit",
    "filing_timeliness_record",
    "filing_withdraw",
    "outage_save",
    "review_reason_save",
    "scans_sweep",
    "stuck_work_sweep",
    "transition",
    "transition_allowed",
    "transition_check",
]
