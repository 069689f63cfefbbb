"""Reads of the filings app, one module per topic; callers import them from here.

- `filing`: the respondent's filings and documents, what stops a submission, work the sweeps re-send;
- `address`: the address of record and the change-of-address (EOIR-33) answers;
- `deadlines`: documents deadlines and the outages that move them (8 CFR 1003.31(b)).
"""

from filings.selectors.address import (
    ADDRESS_FIELDS,
    address_change_of,
    address_line,
    current_address,
    open_address_change_drafts,
)
from filings.selectors.deadlines import (
    Deadline,
    case_deadline,
    dashboard_deadline,
    deadline_for_hearing,
    deadline_words,
    extension_for,
    filing_timeliness,
    next_hearing_after,
    outages_between,
)
from filings.selectors.filing import (
    cases_of_user,
    documents_of,
    filings_missing_pdfs,
    filings_of_user,
    has_lead_document,
    hearing_soon,
    is_first_efiling,
    pending_scan_count,
    scans_stuck,
    submission_problems,
)

__all__ = [
    "ADDRESS_FIELDS",
    "Deadline",
    "address_change_of",
    "address_line",
    "case_deadline",
    "cases_of_user",
    "current_address",
    "dashboard_deadline",
    "deadline_for_hearing",
    "deadline_words",
    "documents_of",
    "extension_for",
    "filing_timeliness",
    "filings_missing_pdfs",
    "filings_of_user",
    "has_lead_document",
    "hearing_soon",
    "is_first_efiling",
    "next_hearing_after",
    "open_address_change_drafts",
    "outages_between",
    "pending_scan_count",
    "scans_stuck",
    "submission_problems",
]
