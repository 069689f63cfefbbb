"""Everything the accounts app writes, one module per topic. Callers import from here.

- codes: access codes (issue, mail, check at registration, redeem, the lost-code letter)
- guard: sign-in failure counters, waits and locks, and the support unlock
- mfa: second factors (authenticator app, passkeys, backup codes) and the one check of the second step
- recovery: the emailed link that allows a first factor again after a support reset
- sessions: completing, ending and re-authenticating sign-ins
- roles: staff roles kept in step with their groups

Each service writes its audit event (and queues its email) in its own transaction. The modules of
this package import one another by module path, never through this package.
"""

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
    access_code_request_throttled,
    format_code,
    normalise_code,
    validity_days,
)
from accounts.services.guard import account_unlock, sign_in_failure_record, sign_in_success_record, sign_in_try
from accounts.services.mfa import (
    SecondFactorTry,
    backup_codes_generate,
    factor_remove,
    passkey_added,
    second_factor_check,
    totp_device_confirm,
    totp_device_start,
    totp_qr_svg,
    totp_secret_text,
)
from accounts.services.recovery import (
    RecoveryLinkInvalid,
    factor_recovery_done,
    factor_recovery_link_send,
    factor_recovery_prove,
    factor_recovery_require,
)
from accounts.services.roles import role_assign, roles_sync
from accounts.services.sessions import (
    reauthenticated_now,
    sessions_end_all,
    sessions_end_others,
    sign_in_complete,
    sign_in_ended,
)

__all__ = [
    "AccessCodeRejected",
    "AccessCodeThrottled",
    "AlreadyRegistered",
    "RecoveryLinkInvalid",
    "SecondFactorTry",
    "access_code_check",
    "access_code_issue",
    "access_code_mark_mailed",
    "access_code_plaintext",
    "access_code_redeem",
    "access_code_request_by_mail",
    "access_code_request_notice",
    "access_code_request_throttled",
    "account_unlock",
    "backup_codes_generate",
    "factor_recovery_done",
    "factor_recovery_link_send",
    "factor_recovery_prove",
    "factor_recovery_require",
    "factor_remove",
    "format_code",
    "normalise_code",
    "passkey_added",
    "reauthenticated_now",
    "role_assign",
    "roles_sync",
    "second_factor_check",
    "sessions_end_all",
    "sessions_end_others",
    "sign_in_complete",
    "sign_in_ended",
    "sign_in_failure_record",
    "sign_in_success_record",
    "sign_in_try",
    "totp_device_confirm",
    "totp_device_start",
    "totp_qr_svg",
    "totp_secret_text",
    "validity_days",
]
