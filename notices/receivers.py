"""Subscriptions to domain events of lower apps (connected in NoticesConfig.ready)."""

import logging

from notices import services
from notices.selectors import actor_by_id

logger = logging.getLogger(__name__)


def on_hearing_changed(sender, *, hearing_id: int, change: str, actor_id: int | None = None, **kwargs) -> None:
    """A clerk created or changed a hearing: the respondent gets a hearing notice."""
    services.hearing_notice_request(hearing_id=hearing_id, change=change, actor=actor_by_id(actor_id))


def on_registration_notice_requested(
    sender, *, respondent_id: int, access_code_id: int, actor_id: int | None = None, reason: str = "", **kwargs
) -> None:
    """The accounts app issued a code (lost code, support reissue): mail it in a registration notice."""
    try:
        services.registration_notice_for_code(
            respondent_id=respondent_id, access_code_id=access_code_id, actor=actor_by_id(actor_id), reason=reason
        )
    except ValueError:
        # No case, so no court to write from: the sender's flow must not fail after its commit.
        logger.error("registration notice for access code %s not issued: respondent has no case", access_code_id)


def on_paper_service_needed(
    sender, *, respondent_id: int, notice_ids: list[int] | None = None, reason: str = "", **kwargs
) -> None:
    """Email service failed or was withdrawn (delivery): notices not yet served by email go to paper."""
    services.notices_serve_on_paper(respondent_id=respondent_id, notice_ids=notice_ids, reason=reason)
