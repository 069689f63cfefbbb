"""Writes of the notices app, one module per topic; callers import them from here (`notices.services`).

- `notices`: one notice: its state machine, issuing it, rendering it alone, delivering it (with the
  inbox alert), opening and downloading it, rendering again, the stuck-notice sweep.
- `registration`: registration letters (an access code each), one by one or for a whole court.
- `batch_rendering`: a chunk of a mailing batch's letters rendered as one document.
- `mailing`: mailing batches, their print files and manifest, printed and mailed.
- `sweep`: the periodic sweep that re-sends lost work.

The modules import each other downward only (notices <- registration, batch_rendering <- mailing <-
sweep), never this package; tasks call these services, and these services queue tasks.
"""

from notices.services.batch_rendering import notices_render_together
from notices.services.mailing import (
    BATCHABLE,
    PRINTABLE,
    BatchStateError,
    mailing_batch_finish,
    mailing_batch_manifest_download_record,
    mailing_batch_mark_mailed,
    mailing_batch_mark_printed,
    mailing_batch_retry_failed,
    mailing_batch_start,
    print_file_build,
    print_file_download_record,
    stuck_print_files_requeue,
)
from notices.services.notices import (
    RERENDERABLE,
    TRANSITIONS,
    NoticeStateError,
    filing_decision_notice_request,
    hearing_notice_request,
    notice_deliver,
    notice_download_record,
    notice_mark_read,
    notice_render,
    notice_render_failed,
    notice_request,
    notice_store_rendered,
    notice_transition,
    notices_render_again,
    notices_serve_on_paper,
    stuck_notices_requeue,
)
from notices.services.registration import (
    registration_notice_for_code,
    registration_notice_issue,
    registration_notices_issue_for_court,
    registration_notices_issue_for_respondents,
)
from notices.services.sweep import notices_sweep_stuck

__all__ = [
    "BATCHABLE",
    "PRINTABLE",
    "RERENDERABLE",
    "TRANSITIONS",
    "BatchStateError",
    "NoticeStateError",
    "filing_decision_notice_request",
    "hearing_notice_request",
    "mailing_batch_finish",
    "mailing_batch_manifest_download_record",
    "mailing_batch_mark_mailed",
    "mailing_batch_mark_printed",
    "mailing_batch_retry_failed",
    "mailing_batch_start",
    "notice_deliver",
    "notice_download_record",
    "notice_mark_read",
    "notice_render",
    "notice_render_failed",
    "notice_request",
    "notice_store_rendered",
    "notice_transition",
    "notices_render_again",
    "notices_render_together",
    "notices_serve_on_paper",
    "notices_sweep_stuck",
    "print_file_build",
    "print_file_download_record",
    "registration_notice_for_code",
    "registration_notice_issue",
    "registration_notices_issue_for_court",
    "registration_notices_issue_for_respondents",
    "stuck_notices_requeue",
    "stuck_print_files_requeue",
]
