"""What each kind of letter says: the template context, built from the notice at render time."""

from django.conf import settings
from django.utils import timezone

from accounts.models import AccessCode
from accounts.services import access_code_plaintext, validity_days
from cases.models import Hearing
from notices.models import Notice
from notices.rendering import build_letter_html, registration_url


def _common(notice: Notice) -> dict:
    respondent = notice.respondent
    local = timezone.localtime(notice.requested_at, notice.court.tz)
    return {
        "notice": notice,
        "respondent": respondent,
        "court": notice.court,
        "a_number": respondent.a_number_display,
        # The date a letter is dated: fixed at request, so re-rendering gives the same letter.
        "letter_date": local.date().isoformat(),
        "support_phone": settings.SUPPORT_PHONE,
        "support_email": settings.SUPPORT_EMAIL,
        "support_hours": settings.SUPPORT_HOURS,
    }


def _registration(notice: Notice) -> dict:
    code = AccessCode.objects.get(pk=notice.access_code_id)
    return {
        "access_code": access_code_plaintext(code),
        "portal_url": registration_url(),
        "expiry_days": validity_days(notice.respondent),
    }


def _hearing(notice: Notice) -> dict:
    hearing = Hearing.objects.select_related("judge", "case__court").get(pk=notice.hearing_id)
    court = hearing.case.court
    starts_local = timezone.localtime(hearing.starts_at, court.tz)
    place_lines = [line for line in hearing.address.splitlines() if line.strip()] or [
        court.name,
        *court.address_lines,
    ]
    return {
        "hearing": hearing,
        "change": notice.hearing_change,
        "hearing_type": hearing.get_hearing_type_display(),
        "starts_local": starts_local,
        "tz_label": f"{starts_local.tzname()}, {court.time_zone}",
        "judge_name": hearing.judge.name if hearing.judge else "",
        "place_lines": place_lines,
    }


def _filing_decision(notice: Notice) -> dict:
    return {
        "accepted": notice.filing_status == "accepted",
        "filing_id": notice.filing_id,
        "filing_label": notice.filing_label,
        "rejection_reason": notice.filing_rejection_reason,
    }


def _motion_ruling(notice: Notice) -> dict:
    """A judge's ruling on a motion (motions app): the ruling, the motion's name, what was ordered."""
    return {
        "ruling": notice.filing_status,
        "filing_id": notice.filing_id,
        "filing_label": notice.filing_label,
        "ruling_note": notice.filing_rejection_reason,
    }


_BUILDERS = {
    Notice.Kind.REGISTRATION: _registration,
    Notice.Kind.HEARING: _hearing,
    Notice.Kind.FILING_DECISION: _filing_decision,
    Notice.Kind.MOTION_RULING: _motion_ruling,
}


def letter_context(notice: Notice) -> dict:
    """Everything the letter template of this notice's kind needs (language-independent values)."""
    return {**_common(notice), **_BUILDERS[notice.kind](notice)}


def notice_letter_html(notice: Notice) -> str:
    """The letter of one notice as HTML, as rendered alone (`services.notice_render`)."""
    return build_letter_html(
        kind=notice.kind,
        notice_id=notice.pk,
        context=letter_context(notice),
        languages=notice.language_list,
        recipient=notice.respondent,
        court=notice.court,
    )
