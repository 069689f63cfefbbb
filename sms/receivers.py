"""Subscriptions to domain events of lower apps (connected in SmsConfig.ready)."""

import logging

from sms.services.hearings import hearing_event_text

logger = logging.getLogger(__name__)


def on_hearing_changed(sender, *, hearing_id: int, change: str, actor_id: int | None = None, **kwargs) -> None:
    """A clerk added, moved or called off a hearing: its respondent gets a text if opted in."""
    try:
        hearing_event_text(hearing_id=hearing_id, change=change)
    except Exception:  # after the clerk's commit: a text problem must never turn their save into an error
        logger.exception("hearing text for hearing %s (%s) not queued", hearing_id, change)
