"""Issuing and rendering letters: hearing notices from the event, bilingual PDFs, print rules."""

import io
import re

import pikepdf
import pytest

from cases.models import Hearing
from cases.signals import hearing_changed
from cases.tests.factories import CaseFactory, HearingFactory, RespondentFactory
from notices.models import Notice
from notices.rendering import FetchRefused, refuse_fetch
from notices.services import filing_decision_notice_request
from notices.tasks import notice_render
from notices.tests.helpers import image_count, pdf_bytes, pdf_text


def _send_hearing_changed(hearing, change, actor=None, capture=None):
    with capture(execute=True):
        hearing_changed.send(sender=Hearing, hearing_id=hearing.pk, change=change, actor_id=actor.pk if actor else None)


@pytest.mark.django_db
def test_hearing_change_issues_one_hearing_notice_in_the_inbox(
    respondent, clerk, django_capture_on_commit_callbacks, mailoutbox
):
    hearing = HearingFactory(case=respondent.cases.get())

    _send_hearing_changed(hearing, "created", clerk, django_capture_on_commit_callbacks)
    _send_hearing_changed(hearing, "created", clerk, django_capture_on_commit_callbacks)  # duplicated event

    notice = Notice.objects.get()
    assert notice.kind == Notice.Kind.HEARING
    assert notice.hearing_id == hearing.pk
    assert notice.state == Notice.State.DELIVERED  # the respondent has an account
    assert len(notice.pdf_sha256) == 64 and notice.pdf_pages >= 2
    text = pdf_text(notice)
    assert respondent.a_number_display in text
    assert "María Pérez" in text
    assert "4B" in text  # the courtroom
    # The alert says there is a letter, nothing about the case.
    assert len(mailoutbox) == 1
    assert respondent.a_number_display not in mailoutbox[0].body
    assert "/notices/" in mailoutbox[0].body


@pytest.mark.django_db
def test_a_later_change_to_the_same_hearing_is_a_new_notice(respondent, django_capture_on_commit_callbacks):
    hearing = HearingFactory(case=respondent.cases.get())
    _send_hearing_changed(hearing, "created", capture=django_capture_on_commit_callbacks)
    hearing.courtroom = "7"
    hearing.save()
    _send_hearing_changed(hearing, "rescheduled", capture=django_capture_on_commit_callbacks)
    assert Notice.objects.filter(kind=Notice.Kind.HEARING).count() == 2


@pytest.mark.django_db
def test_letter_is_us_letter_with_accented_name_qr_code_and_page_numbers(django_capture_on_commit_callbacks):
    person = RespondentFactory(given_name="José", family_name="Ñúñez Gonçalves", preferred_language="en")
    case = CaseFactory(respondent=person)
    hearing = HearingFactory(case=case)
    _send_hearing_changed(hearing, "created", capture=django_capture_on_commit_callbacks)

    notice = Notice.objects.get()
    assert notice.state == Notice.State.RENDERED  # no account: printed only
    content = pdf_bytes(notice)
    with pikepdf.open(io.BytesIO(content)) as pdf:
        assert [float(v) for v in pdf.pages[0].MediaBox] == [0, 0, 612, 792]
    text = pdf_text(notice)
    assert "José Ñúñez Gonçalves" in text
    assert person.a_number_display in text
    assert f"Notice no. {notice.pk}" in text
    assert f"Page 1 of {notice.pdf_pages}" in " ".join(text.split())
    assert "ESPAÑOL" not in text  # English only for an English-preferring respondent
    assert image_count(content) == 1  # the mail-room QR code


@pytest.mark.django_db
def test_spanish_preferring_respondent_gets_english_then_spanish(respondent, django_capture_on_commit_callbacks):
    hearing = HearingFactory(case=respondent.cases.get())
    _send_hearing_changed(hearing, "created", capture=django_capture_on_commit_callbacks)

    notice = Notice.objects.get()
    assert notice.language_list == ["en", "es"]
    text = pdf_text(notice)
    assert text.index("ENGLISH") < text.index("ESPAÑOL")
    # Dates in the Spanish section are in Spanish ("1 de diciembre de 2026").
    spanish = " ".join(text[text.index("ESPAÑOL") :].split())
    assert re.search(r"(lunes|martes|miércoles|jueves|viernes|sábado|domingo), \d+ de \w+ de 20\d\d", spanish), spanish


@pytest.mark.django_db
def test_rendering_again_keeps_one_notice_and_the_same_pdf(respondent, django_capture_on_commit_callbacks):
    hearing = HearingFactory(case=respondent.cases.get())
    _send_hearing_changed(hearing, "created", capture=django_capture_on_commit_callbacks)
    notice = Notice.objects.get()
    first_key, first_sha = notice.pdf_key, notice.pdf_sha256

    notice_render.delay(notice.pk)
    notice_render.delay(notice.pk)

    notice.refresh_from_db()
    assert Notice.objects.count() == 1
    assert (notice.pdf_key, notice.pdf_sha256) == (first_key, first_sha)
    assert notice.render_attempts == 3


@pytest.mark.django_db
def test_filing_decision_notice_says_rejected_with_reason(respondent, clerk, django_capture_on_commit_callbacks):
    class FakeFiling:  # what the filings app passes: pk, case, status, rejection_reason
        pk = 41
        case = respondent.cases.get()
        status = "rejected"
        rejection_reason = "The document is not signed."

        def __str__(self):
            return "Motion to continue"

    with django_capture_on_commit_callbacks(execute=True):
        filing_decision_notice_request(filing=FakeFiling(), actor=clerk)
        filing_decision_notice_request(filing=FakeFiling(), actor=clerk)
    notice = Notice.objects.get()
    assert (notice.kind, notice.filing_id) == (Notice.Kind.FILING_DECISION, 41)
    text = pdf_text(notice)
    assert "did not accept" in text
    assert "The document is not signed." in text


def test_letters_never_fetch_from_the_network():
    for url in ("https://fonts.example.org/font.woff2", "http://example.org/x.png", "file:///etc/passwd"):
        with pytest.raises(FetchRefused):
            refuse_fetch(url)
    refuse_fetch("data:text/plain,hi")


def test_a_letter_that_asks_for_a_network_resource_fails_instead_of_fetching():
    from weasyprint.urls import FatalURLFetchingError

    from notices.rendering import html_to_pdf

    with pytest.raises(FatalURLFetchingError):
        html_to_pdf('<p>x</p><img src="https://example.org/logo.png" alt="">')


def _boxes_with_class(box, name, found):
    element = getattr(box, "element", None)
    if element is not None and element.get("class") == name and type(box).__name__ == "AbsolutePlaceholder":
        found.append(box)
    for child in getattr(box, "children", []):
        _boxes_with_class(child, name, found)
    return found


@pytest.mark.django_db
def test_recipient_address_sits_in_the_window_of_a_number_10_envelope(respondent, django_capture_on_commit_callbacks):
    from weasyprint import HTML

    from notices.letters import letter_context
    from notices.rendering import _letter_fetcher, build_letter_html

    with django_capture_on_commit_callbacks(execute=False):
        from notices.services import hearing_notice_request

        notice = hearing_notice_request(
            hearing_id=HearingFactory(case=respondent.cases.get()).pk, change="created", actor=None
        )
    html = build_letter_html(
        kind=notice.kind,
        notice_id=notice.pk,
        context=letter_context(notice),
        languages=notice.language_list,
        recipient=respondent,
        court=notice.court,
    )
    page = HTML(string=html, url_fetcher=_letter_fetcher()).render().pages[0]
    (recipient,) = _boxes_with_class(page._page_box, "recipient", [])
    inch = 96  # CSS px
    # The window shows about 0.375-4.875 in across and 2.05-3.15 in down the folded sheet.
    left, top = recipient.position_x / inch, recipient.position_y / inch
    right, bottom = left + recipient.width / inch, top + recipient.height / inch
    assert left >= 0.375 and right <= 4.875
    assert top >= 2.05 and bottom <= 3.15


@pytest.mark.django_db
def test_sweep_renders_a_notice_whose_message_was_lost(respondent, settings, django_capture_on_commit_callbacks):
    from notices.services import hearing_notice_request
    from notices.tasks import notices_sweep_stuck

    settings.NOTICES_STUCK_AFTER_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=False):  # the broker lost the render message
        notice = hearing_notice_request(
            hearing_id=HearingFactory(case=respondent.cases.get()).pk, change="created", actor=None
        )
    assert Notice.objects.get(pk=notice.pk).state == Notice.State.REQUESTED
    notices_sweep_stuck.delay()
    notice.refresh_from_db()
    assert notice.state == Notice.State.DELIVERED and notice.pdf_key
