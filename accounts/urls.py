"""URLs of the accounts app. Every view is private unless marked login_not_required."""

from django.urls import path

from accounts.views import account, mfa, registration

app_name = "accounts"
urlpatterns = [
    path("", account.account, name="account"),
    path("register/", registration.register, name="register"),
    path("lost-code/", registration.lost_code, name="lost_code"),
    path("lost-code/sent/", registration.lost_code_sent, name="lost_code_sent"),
    path("reauthenticate/", account.reauthenticate, name="reauthenticate"),
    path("sessions/end-others/", account.sessions_end, name="sessions_end_others"),
    path("factors/<str:kind>/<int:pk>/remove/", account.factor_delete, name="factor_remove"),
    path("mfa/set-up/", mfa.setup, name="mfa_setup"),
    path("mfa/recovery/send/", mfa.recovery_send, name="mfa_recovery_send"),
    path("mfa/recovery/<str:token>/", mfa.recovery, name="mfa_recovery"),
    path("mfa/app/", mfa.totp_setup, name="mfa_totp"),
    path("mfa/passkey/", mfa.passkey_setup, name="mfa_passkey"),
    path("mfa/backup-codes/", mfa.backup_codes, name="mfa_backup_codes"),
    path("mfa/backup-codes/backup-codes.txt", mfa.backup_codes_download, name="mfa_backup_codes_download"),
    path("mfa/backup-codes/saved/", mfa.backup_codes_saved, name="mfa_backup_codes_saved"),
    path("mfa/verify/", mfa.verify, name="mfa_verify"),
]
