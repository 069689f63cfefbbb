"""The audit events of reads: downloads, calendar files, a stored file found missing, and staff
opening or searching people's court records (docs/design.md: every download, every staff look-up).

A download's event is written in its own transaction by the request that serves the file; a staff
read's event joins the transaction the admin page is in. The whole-record ZIP has its own service
(cases.services.record_zips.record_download).
"""

from audit.actions import AuditAction
from audit.models import AuditEvent
from audit.services import audit_record, audited
from cases.models import Case, Hearing, RecordDocument, Respondent


@audited(AuditAction.RECORD_DOCUMENT_DOWNLOADED, AuditAction.RECORD_DOCUMENT_VIEWED)
def record_document_download(*, actor, document: RecordDocument, range_header: str, inline: bool = False) -> None:
    """Audits one record document sent as an attachment, or inline for the browser's viewer."""
    audit_record(
        actor=actor,
        action=AuditAction.RECORD_DOCUMENT_VIEWED if inline else AuditAction.RECORD_DOCUMENT_DOWNLOADED,
        target=document,
        case=document.case,
        data={"range": range_header[:100]},
    )


@audited(AuditAction.HEARING_CALENDAR_DOWNLOADED)
def hearing_calendar_download(*, actor, hearing: Hearing) -> None:
    """Audits one hearing's calendar (.ics) file."""
    audit_record(actor=actor, action=AuditAction.HEARING_CALENDAR_DOWNLOADED, target=hearing, case=hearing.case)


@audited(AuditAction.CASE_CALENDAR_DOWNLOADED)
def case_calendar_download(*, actor, case: Case) -> None:
    """Audits a case's calendar (.ics) file of every upcoming hearing."""
    audit_record(actor=actor, action=AuditAction.CASE_CALENDAR_DOWNLOADED, target=case, case=case)


@audited(AuditAction.STORED_FILE_MISSING)
def stored_file_missing(*, actor, path: str) -> None:
    """Records, as a failure, that a file the database lists has gone from storage (staff look into it)."""
    audit_record(
        actor=actor,
        action=AuditAction.STORED_FILE_MISSING,
        outcome=AuditEvent.Outcome.FAILURE,
        data={"path": path[:200]},
    )


def respondent_view(*, actor, respondent: Respondent, court_id: int | None) -> None:
    """Records that a staff member opened a person's court record (in the admin page's transaction)."""
    audit_record(actor=actor, action=AuditAction.RESPONDENT_VIEWED, target=respondent, court_id=court_id)


def respondent_search(*, actor, kind: str, list_name: str) -> None:
    """Records a staff search of personal data (by A-number or name): the kind of search, never the term."""
    audit_record(actor=actor, action=AuditAction.RESPONDENT_SEARCHED, data={"by": kind, "list": list_name})
