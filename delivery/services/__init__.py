"""Writes of the delivery app; callers import them from here (`delivery.services`).

- `preference`: consent, verification, withdrawal, suspension and restoration of electronic service.
- `records`: service records, the provider's delivery events and the bounce rule.
"""

from delivery.services.preference import (
    TRANSITIONS,
    ConfirmLinkInvalid,
    ServiceStateError,
    confirm_link_matches,
    confirm_link_token,
    preference_change,
    service_confirm_link_send,
    service_confirm_link_use,
    service_consent_give,
    service_consent_revoke,
    service_email_verified,
    standing_consent,
)
from delivery.services.records import (
    EVENT_STATES,
    RANK,
    SERVED_BY_EMAIL,
    delivery_event_ingest,
    service_record_email_create,
    service_record_email_failed,
    service_record_email_sent,
    service_record_mark_reviewed,
    service_records_paper_create,
    service_records_paper_mailed,
    service_records_sweep_unconfirmed,
)

__all__ = [
    "EVENT_STATES",
    "RANK",
    "SERVED_BY_EMAIL",
    "TRANSITIONS",
    "ConfirmLinkInvalid",
    "ServiceStateError",
    "confirm_link_matches",
    "confirm_link_token",
    "delivery_event_ingest",
    "preference_change",
    "service_confirm_link_send",
    "service_confirm_link_use",
    "service_consent_give",
    "service_consent_revoke",
    "service_email_verified",
    "service_record_email_create",
    "service_record_email_failed",
    "service_record_email_sent",
    "service_record_mark_reviewed",
    "service_records_paper_create",
    "service_records_paper_mailed",
    "service_records_sweep_unconfirmed",
    "standing_consent",
]
