"""Writes of the cases app, one module per subject; each audited in the transaction of its change.

- hearings: court staff schedule, change, adjourn, cancel, complete and reschedule hearings
- case_status: court staff move a case along its transitions
- record_documents: a clerk's upload checked, scanned and added to the record of proceedings
- record_zips: whole-record downloads, and the ZIP stored once per version of the record
- read_events: the audit events of the other downloads and of staff reads of people's records
- reminders: hearing reminders claimed and emailed exactly once
- lookup: the public hearing lookup, throttled per client and per A-number, audited (ADR 0110)
- attendance: the attendance check-in after a hearing, its email sent once, the answer stored (ADR 0111)

Callers use `from cases import services` and the names below.
"""

from cases.services.attendance import (
    attendance_check_in_answer,
    attendance_check_in_email,
    attendance_check_ins_send_due,
)
from cases.services.case_status import CASE_TRANSITIONS, case_status_change
from cases.services.hearings import (
    HEARING_TRANSITIONS,
    hearing_create,
    hearing_reschedule,
    hearing_status_change,
    hearing_update,
)
from cases.services.lookup import HearingLookupThrottled, HearingLookupUnavailable, hearing_lookup
from cases.services.read_events import (
    case_calendar_download,
    hearing_calendar_download,
    record_document_download,
    respondent_search,
    respondent_view,
    stored_file_missing,
)
from cases.services.record_documents import CheckedRecordFile, record_document_add, record_file_check
from cases.services.record_zips import record_download, record_zip_build, record_zip_lost, record_zips_sweep
from cases.services.reminders import hearing_reminder_send, hearing_reminders_send_due

__all__ = [
    "CASE_TRANSITIONS",
    "HEARING_TRANSITIONS",
    "CheckedRecordFile",
    "HearingLookupThrottled",
    "HearingLookupUnavailable",
    "attendance_check_in_answer",
    "attendance_check_in_email",
    "attendance_check_ins_send_due",
    "case_calendar_download",
    "case_status_change",
    "hearing_calendar_download",
    "hearing_create",
    "hearing_lookup",
    "hearing_reminder_send",
    "hearing_reminders_send_due",
    "hearing_reschedule",
    "hearing_status_change",
    "hearing_update",
    "record_document_add",
    "record_document_download",
    "record_download",
    "record_file_check",
    "record_zip_build",
    "record_zip_lost",
    "record_zips_sweep",
    "respondent_search",
    "respondent_view",
    "stored_file_missing",
]
