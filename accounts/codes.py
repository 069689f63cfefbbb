"""The old import path of the access-code services, for the code of other apps that still imports it
(notices, the browser tests). The code lives in accounts/services/codes.py; new code imports
accounts.services. Delete this module once nothing imports accounts.codes."""

from accounts.services.codes import (
    AccessCodeRejected,
    AccessCodeThrottled,
    AlreadyRegistered,
    access_code_check,
    access_code_issue,
    access_code_mark_mailed,
    access_code_plaintext,
    access_code_redeem,
    access_code_request_by_mail,
    access_code_request_notice,
    normalise_code,
    validity_days,
)

__all__ = [
    "AccessCodeRejected",
    "AccessCodeThrottled",
    "AlreadyRegistered",
    "access_code_check",
    "access_code_issue",
    "access_code_mark_mailed",
    "access_code_plaintext",
    "access_code_redeem",
    "access_code_request_by_mail",
    "access_code_request_notice",
    "normalise_code",
    "validity_days",
]
