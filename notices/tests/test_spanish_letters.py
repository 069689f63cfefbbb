"""The Spanish sections of the letters use the court glossary (docs/glossary.md; Spanish review items 1, 3,
10, 11 and 12): the in-absentia warning, the meeting passcode, the registration steps, the portal's name."""

import pytest

from cases.models import Hearing
from cases.signals import hearing_changed
from cases.tests.factories import CaseFactory, HearingFactory, RespondentFactory
from notices.models import Notice
from notices.services import registration_notice_issue
from notices.tests.helpers import pdf_text

pytestmark = pytest.mark.django_db


def _sections(notice) -> tuple[str, str]:
    text = " ".join(pdf_text(notice).split())
    split = text.index("ESPAÑOL")
    return text[:split], text[split:]


def test_spanish_hearing_notice_for_an_internet_hearing(respondent, clerk, django_capture_on_commit_callbacks):
    hearing = HearingFactory(
        case=respondent.cases.get(),
        mode=Hearing.Mode.INTERNET,
        video_url="https://meet.example.test/court-4b",
        meeting_details="ID 123 456 789, passcode 2468",
    )
    with django_capture_on_commit_callbacks(execute=True):
        hearing_changed.send(sender=Hearing, hearing_id=hearing.pk, change="created", actor_id=clerk.pk)
    english, spanish = _sections(Notice.objects.get())

    assert "Meeting ID and passcode" in english
    assert "ID y contraseña de la reunión" in spanish
    assert "código de acceso" not in spanish  # that is the portal letter's code, not the meeting's
    assert "Número A" in spanish
    assert "en su ausencia" in spanish and "sin usted" not in spanish


def test_spanish_registration_letter_names_the_real_buttons_and_the_portal_in_spanish(
    court, clerk, django_capture_on_commit_callbacks
):
    person = RespondentFactory(given_name="José", family_name="Ñúñez", preferred_language="es")
    CaseFactory(respondent=person, court=court)
    with django_capture_on_commit_callbacks(execute=True):
        notice = registration_notice_issue(respondent=person, actor=clerk)
    notice.refresh_from_db()
    english, spanish = _sections(notice)

    assert "“Create an account with the letter from the court”" in english and "“Continue”" in english
    assert "“Register”" not in english
    assert "“Cree una cuenta con la carta del tribunal”" in spanish and "“Continuar”" in spanish
    assert "Registrarse" not in spanish
    assert "Portal de Acceso para Demandados" in spanish
    assert "segundo paso para iniciar sesión" in spanish
