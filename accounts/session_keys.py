"""Every key the accounts app keeps in a person's session, in one place that any module may import.

Names only, no logic and no imports: the middleware, the services, the views and other apps read the
same constants, so no module needs another just to learn a key (that is how import cycles started).
templates/account/login.html reads SESSION_ENDED_REASON and SESSION_ENDED_UNSAVED by their values.
"""

# Session limits (accounts.middleware): when the password was given and when the person was last seen.
SESSION_AUTH_AT = "accounts_auth_at"
SESSION_SEEN_AT = "accounts_seen_at"
# Why the last session ended ("idle", "absolute", "locked"), shown on the sign-in page.
SESSION_ENDED_REASON = "accounts_ended_reason"
SESSION_ENDED_UNSAVED = "accounts_ended_unsaved"  # the request that found the session over was a form sent

# A completed sign-in: its SignIn row, and the last time password and second factor were given.
SESSION_SIGN_IN_ID = "accounts_sign_in_id"
SESSION_REAUTH_AT = "accounts_reauth_at"

# Registration step 1 passed: the access code that step 2 (allauth's sign-up) will redeem.
REGISTRATION_CODE_ID = "accounts_registration_code_id"

# Setting up a second factor: the app device being confirmed, the backup codes shown once, and the
# proof that this session used the emailed recovery link ([user id, recovery generation]).
SESSION_TOTP_DEVICE = "accounts_totp_device_id"
SESSION_FRESH_CODES = "accounts_fresh_backup_codes"
SESSION_FACTOR_RECOVERY_PROOF = "accounts_factor_recovery"
