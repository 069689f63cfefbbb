"""Reads of the filings app, one module per topic; callers import them from here.

- `filing`: the respondent's filings and documents, what stops a submission, work the sweeps re-send;
- `address`: the address of record and the change-of-address (EOIR-33) answers;
- `deadlines`: documents deadlines and the outages that move them (8 CFR 1003.31(b));
- `workbench`: the clerk's queues (oldest first), the next filing to review and the review page's facts.
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
from filings.selectors.workbench import (
    QUEUE_ADDRESS,
    QUEUE_REVIEW,
    QUEUE_SCAN,
    QUEUES,
    SCAN_WAIT_LIMIT,
    ReviewFacts,
    address_changes_waiting_for_review,
    filings_ready_for_review,
    filings_waiting_for_review,
    filings_waiting_on_a_scan,
    next_in_queue,
    queue_filings,
    queue_of,
    review_facts,
    review_reasons,
)

__all__ = [
    "ADDRESS_FIELDS",
    "QUEUES",
    "QUEUE_ADDRESS",
    "QUEUE_REVIEW",
    "QUEUE_SCAN",
    "SCAN_WAIT_LIMIT",
    "Deadline",
    "ReviewFacts",
    "address_change_of",
    "address_changes_waiting_for_review",
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
    "filings_ready_for_review",
    "filings_waiting_for_review",
    "filings_waiting_on_a_scan",
    "has_lead_document",
    "hearing_soon",
    "is_first_efiling",
    "next_hearing_after",
    "next_in_queue",
    "open_address_change_drafts",
    "outages_between",
    "pending_scan_count",
    "queue_filings",
    "queue_of",
    "review_facts",
    "review_reasons",
    "scans_stuck",
    "submission_problems",
]
