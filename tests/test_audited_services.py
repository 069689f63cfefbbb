"""The state changes that must always leave an audit event run under audit.services.audited, which rolls
the change back if the service returns without its event (audit/tests/test_actions.py proves that)."""

from importlib import import_module

import pytest

MUST_AUDIT = [
    "accounts.support.services.support_second_factor_reset",
    "accounts.support.services.support_access_code_reissue",
    "accounts.support.services.support_account_deactivate",
    "accounts.support.services.support_account_reactivate",
    "accounts.support.services.support_account_search",
    "cases.services.hearing_create",
    "cases.services.hearing_status_change",
    "cases.services.hearing_reschedule",
    "cases.services.case_status_change",
    "cases.services.record_document_add",
    "cases.services.record_download",
    "filings.services.filing_create",
    "filings.services.filing_submit",
    "filings.services.filing_withdraw",
    "filings.services.filing_reject",
    "filings.services.documents._document_save",  # document_upload stores the file, then this records it
    "filings.services.document_remove",
    "filings.services.reasons._review_reason_write",  # review_reason_save skips a save that changes nothing
    "notices.services.notice_download_record",
    "notices.services.mailing_batch_mark_printed",
    "notices.services.mailing_batch_mark_mailed",
    "motions.services.motion_start",
    "motions.services.motion_answers_save",
    "motions.services.motion_sign",
    "motions.services.motion_forward",
    "motions.services.motion_ruling_record",
    "motions.services.motion_packet_download",
    "motions.services.legal_fact_save",
]


@pytest.mark.parametrize("dotted", MUST_AUDIT)
def test_a_state_change_that_must_be_audited_runs_under_audited(dotted):
    module, _, name = dotted.rpartition(".")
    service = getattr(import_module(module), name)
    assert getattr(service, "audited_actions", None), f"{dotted} is not wrapped in audit.services.audited"
