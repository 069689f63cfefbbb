"""The audit vocabulary: every action an audit event may record, one member each.

`audit_record()` refuses anything else, so a typo or a new action that nobody listed fails at once
(and in tests), never as free text in an append-only log. Values are "entity.past_tense"; a few
are made from a status (`hearing.<status>`, `filing_document.scan_<verdict>`, `<model>.created`) by
the helpers below, which still answer only members.
"""

from django.db import models


class AuditAction(models.TextChoices):
    # account
    ACCOUNT_LOOKED_UP = "account.looked_up"
    ACCOUNT_SEARCHED = "account.searched"
    ACCOUNT_VIEWED = "account.viewed"
    # accounts
    ACCOUNTS_ACCESS_CODE_ISSUED = "accounts.access_code_issued"
    ACCOUNTS_ACCESS_CODE_MAILED = "accounts.access_code_mailed"
    ACCOUNTS_ACCESS_CODE_REDEEMED = "accounts.access_code_redeemed"
    ACCOUNTS_ACCESS_CODE_REISSUED = "accounts.access_code_reissued"
    ACCOUNTS_ACCESS_CODE_REVOKED = "accounts.access_code_revoked"
    ACCOUNTS_ACCESS_CODE_VOIDED = "accounts.access_code_voided"
    ACCOUNTS_BACKUP_CODES_GENERATED = "accounts.backup_codes_generated"
    ACCOUNTS_DEACTIVATED = "accounts.deactivated"
    ACCOUNTS_EMAIL_VERIFIED = "accounts.email_verified"
    ACCOUNTS_FACTOR_ADDED = "accounts.factor_added"
    ACCOUNTS_FACTOR_RECOVERY_LINK_SENT = "accounts.factor_recovery_link_sent"
    ACCOUNTS_FACTOR_RECOVERY_PROVED = "accounts.factor_recovery_proved"
    ACCOUNTS_FACTOR_REMOVED = "accounts.factor_removed"
    ACCOUNTS_LOCKED = "accounts.locked"
    ACCOUNTS_LOST_CODE_REQUESTED = "accounts.lost_code_requested"
    ACCOUNTS_PASSWORD_CHANGED = "accounts.password_changed"  # noqa: S105 (an action name, not a password)
    ACCOUNTS_REACTIVATED = "accounts.reactivated"
    ACCOUNTS_REGISTRATION_CODE_ACCEPTED = "accounts.registration_code_accepted"
    ACCOUNTS_REGISTRATION_CODE_REJECTED = "accounts.registration_code_rejected"
    ACCOUNTS_RESPONDENT_LINKED = "accounts.respondent_linked"
    ACCOUNTS_SECOND_FACTOR_RESET = "accounts.second_factor_reset"
    ACCOUNTS_SESSIONS_ENDED = "accounts.sessions_ended"
    ACCOUNTS_SIGN_IN_FAILED = "accounts.sign_in_failed"
    ACCOUNTS_SIGNED_IN = "accounts.signed_in"
    ACCOUNTS_SIGNED_OUT = "accounts.signed_out"
    ACCOUNTS_UNLOCKED = "accounts.unlocked"
    # address_change
    ADDRESS_CHANGE_PREPARED = "address_change.prepared"
    # attendance_check_in (cases/services/attendance.py)
    ATTENDANCE_CHECK_IN_ANSWERED = "attendance_check_in.answered"
    ATTENDANCE_CHECK_IN_CHANGED = "attendance_check_in.changed"
    ATTENDANCE_CHECK_IN_EMAILED = "attendance_check_in.emailed"
    # casedecision (motions: the decision that ended a case, entered in the clerk admin)
    CASEDECISION_CHANGED = "casedecision.changed"
    CASEDECISION_CREATED = "casedecision.created"
    # case
    CASE_CALENDAR_DOWNLOADED = "case.calendar_downloaded"
    CASE_CHANGED = "case.changed"
    CASE_CREATED = "case.created"
    CASE_STATUS_CHANGED = "case.status_changed"
    CASE_VIEWED = "case.viewed"
    # court
    COURT_CREATED = "court.created"
    # filing
    FILING_ACCEPTED = "filing.accepted"
    FILING_CREATED = "filing.created"
    FILING_OPEN_REFUSED = "filing.open_refused"
    FILING_RECEIPT_DOWNLOADED = "filing.receipt_downloaded"
    FILING_RECEIPT_RENDERED = "filing.receipt_rendered"
    FILING_REJECTED = "filing.rejected"
    FILING_SUBMITTED = "filing.submitted"
    FILING_WITHDRAWN = "filing.withdrawn"
    # filing_document
    FILING_DOCUMENT_DOWNLOADED = "filing_document.downloaded"
    FILING_DOCUMENT_FILE_MISSING = "filing_document.file_missing"
    FILING_DOCUMENT_GENERATED = "filing_document.generated"
    FILING_DOCUMENT_PAGE_SIZE_ACCEPTED = "filing_document.page_size_accepted"
    FILING_DOCUMENT_REMOVED = "filing_document.removed"
    FILING_DOCUMENT_RETITLED = "filing_document.retitled"
    FILING_DOCUMENT_SCAN_CLEAN = "filing_document.scan_clean"
    FILING_DOCUMENT_SCAN_INFECTED = "filing_document.scan_infected"
    FILING_DOCUMENT_SCAN_UNSCANNABLE = "filing_document.scan_unscannable"
    FILING_DOCUMENT_UPLOADED = "filing_document.uploaded"
    # hearing
    HEARING_ADJOURNED = "hearing.adjourned"
    HEARING_CALENDAR_DOWNLOADED = "hearing.calendar_downloaded"
    HEARING_CANCELLED = "hearing.cancelled"
    HEARING_CHANGED = "hearing.changed"
    HEARING_COMPLETED = "hearing.completed"
    HEARING_CREATED = "hearing.created"
    HEARING_RESCHEDULED = "hearing.rescheduled"
    # hearing_lookup (the public lookup, cases/services/lookup.py: an HMAC of the A-number, never the number)
    HEARING_LOOKUP_ANSWERED = "hearing_lookup.answered"
    HEARING_LOOKUP_NOT_FOUND = "hearing_lookup.not_found"
    HEARING_LOOKUP_THROTTLED = "hearing_lookup.throttled"
    # hearing_reminder
    HEARING_REMINDER_SENT = "hearing_reminder.sent"
    # immigrationcourt
    IMMIGRATIONCOURT_CHANGED = "immigrationcourt.changed"
    IMMIGRATIONCOURT_CREATED = "immigrationcourt.created"
    # judge
    JUDGE_CHANGED = "judge.changed"
    JUDGE_CREATED = "judge.created"
    # legal_provider
    LEGAL_PROVIDER_CHANGED = "legal_provider.changed"
    LEGAL_PROVIDER_CREATED = "legal_provider.created"
    # mailing_batch
    MAILING_BATCH_FILE_DOWNLOADED = "mailing_batch.file_downloaded"
    MAILING_BATCH_MAILED = "mailing_batch.mailed"
    MAILING_BATCH_MANIFEST_DOWNLOADED = "mailing_batch.manifest_downloaded"
    MAILING_BATCH_PRINTED = "mailing_batch.printed"
    MAILING_BATCH_READY = "mailing_batch.ready"
    MAILING_BATCH_RETRIED = "mailing_batch.retried"
    MAILING_BATCH_STARTED = "mailing_batch.started"
    # legalfact (motions: fees and deadlines as dated data, edited by supervisors)
    LEGALFACT_CHANGED = "legalfact.changed"
    LEGALFACT_CREATED = "legalfact.created"
    # motion (motions: guided requests)
    MOTION_ANSWERED = "motion.answered"
    MOTION_FORWARDED = "motion.forwarded"
    MOTION_PACKET_DOWNLOADED = "motion.packet_downloaded"
    MOTION_PREPARED = "motion.prepared"
    MOTION_RULED = "motion.ruled"
    MOTION_STARTED = "motion.started"
    # notice
    NOTICE_DELIVERED = "notice.delivered"
    NOTICE_DOWNLOADED = "notice.downloaded"
    NOTICE_PAPER_FALLBACK = "notice.paper_fallback"
    NOTICE_REGISTRATION_ISSUED_FOR_COURT = "notice.registration_issued_for_court"
    NOTICE_RENDER_REQUESTED = "notice.render_requested"
    NOTICE_RENDERED = "notice.rendered"
    NOTICE_REQUESTED = "notice.requested"
    # record
    RECORD_DOWNLOADED = "record.downloaded"
    # record_document
    RECORD_DOCUMENT_DOWNLOADED = "record_document.downloaded"
    RECORD_DOCUMENT_VIEWED = "record_document.viewed"
    # recorddocument
    RECORDDOCUMENT_CHANGED = "recorddocument.changed"
    RECORDDOCUMENT_CREATED = "recorddocument.created"
    # respondent
    RESPONDENT_ADDRESS_CHANGED = "respondent.address_changed"
    RESPONDENT_CHANGED = "respondent.changed"
    RESPONDENT_CREATED = "respondent.created"
    RESPONDENT_SEARCHED = "respondent.searched"
    RESPONDENT_VIEWED = "respondent.viewed"
    # review_reason
    REVIEW_REASON_CHANGED = "review_reason.changed"
    REVIEW_REASON_CREATED = "review_reason.created"
    # role
    ROLE_SYNCED = "role.synced"
    # service (electronic service of notices: delivery app)
    SERVICE_CONSENTED = "service.consented"
    SERVICE_EMAIL_CHANGED = "service.email_changed"
    SERVICE_ELECTRONIC_STARTED = "service.electronic_started"
    SERVICE_RESTORE_REQUESTED = "service.restore_requested"
    SERVICE_RESTORED = "service.restored"
    SERVICE_REVOKED = "service.revoked"
    SERVICE_SUSPENDED = "service.suspended"
    # service_record
    SERVICE_RECORD_REVIEWED = "service_record.reviewed"
    # service_outage
    SERVICE_OUTAGE_CHANGED = "service_outage.changed"
    SERVICE_OUTAGE_RECORDED = "service_outage.recorded"
    # sms (sms/services: a person's number and its opt-in; not one event per text, see ADR 0105)
    SMS_NUMBER_FAILED = "sms_number.failed"
    SMS_NUMBER_STARTED = "sms_number.started"
    SMS_NUMBER_STOPPED = "sms_number.stopped"
    SMS_PHONE_REMOVED = "sms_phone.removed"
    SMS_PHONE_VERIFIED = "sms_phone.verified"
    # stored_file
    STORED_FILE_MISSING = "stored_file.missing"
    # user
    USER_CHANGED = "user.changed"
    USER_CREATED = "user.created"
    # zipcourt (motions: which court serves a ZIP code, kept by supervisors)
    ZIPCOURT_CHANGED = "zipcourt.changed"
    ZIPCOURT_CREATED = "zipcourt.created"


def admin_saved(model_name: str, *, created: bool) -> AuditAction:
    """`<model>.created` / `<model>.changed` for a record saved in the clerk admin."""
    return AuditAction(f"{model_name}.{'created' if created else 'changed'}")


def hearing_status_action(status: str) -> AuditAction:
    """`hearing.adjourned`, `hearing.cancelled`, `hearing.completed`."""
    return AuditAction(f"hearing.{status}")


def scan_verdict_action(verdict: str) -> AuditAction:
    """`filing_document.scan_clean`, `_infected`, `_unscannable`."""
    return AuditAction(f"filing_document.scan_{verdict}")
