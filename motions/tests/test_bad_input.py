"""Bad input from the issue: each gets a clear message and the draft keeps what was typed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from filings.models import FilingDocument
from filings.tests.helpers import stored_pdf_text
from motions.models import Motion
from motions.tests.conftest import answer, start, upload_evidence

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><b>bold</b>'


@pytest.fixture
def motion(respondent_client, case):
    start(respondent_client, case, "continue")
    return Motion.objects.get(case=case)


def test_a_past_hearing_is_refused_even_when_posted(respondent_client, motion, past_hearing, hearing):
    response = answer(respondent_client, motion, "hearing", {"hearing": past_hearing.pk}, status=200)
    assert "already taken place" in response.content.decode()


def test_another_case_hearing_is_not_a_choice(respondent_client, motion, other_respondent):
    from cases.models import Hearing

    other = Hearing.objects.create(
        case=other_respondent.cases.get(), starts_at=timezone.now() + datetime.timedelta(days=9)
    )
    response = answer(respondent_client, motion, "hearing", {"hearing": other.pk}, status=200)
    assert "Choose one of your hearings" in response.content.decode()


def test_a_date_already_past_is_refused_and_the_other_answers_kept(respondent_client, motion, hearing):
    answer(respondent_client, motion, "hearing", {"hearing": hearing.pk})
    answer(respondent_client, motion, "reason", {"reason": "illness", "details": "Surgery."})
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = answer(respondent_client, motion, "dates", {"date_1": yesterday, "earlier": "None"}, status=200)
    assert "has already passed" in response.content.decode()
    motion.refresh_from_db()
    assert motion.wizard["step_data"]["reason"]["reason-details"] == ["Surgery."]
    assert motion.wizard["step_data"]["dates"]["dates-date_1"] == [yesterday]


def test_ten_thousand_characters_are_counted_as_typed_and_kept(respondent_client, motion, hearing):
    answer(respondent_client, motion, "hearing", {"hearing": hearing.pk})
    long_text = "a\r\n" * 3333 + "b"  # 10,000 characters as sent; 6,667 as typed (one per line break)
    response = answer(respondent_client, motion, "reason", {"reason": "other", "details": long_text}, status=200)
    body = response.content.decode()
    assert "6,667 characters long" in body and "4,000 characters or fewer" in body
    assert "Up to 4,000 characters" in body and "maxlength" not in body
    motion.refresh_from_db()
    assert len(motion.wizard["step_data"]["reason"]["reason-details"][0]) == len(long_text)
    at_limit = "x" * 4000
    answer(respondent_client, motion, "reason", {"reason": "other", "details": at_limit})


def test_a_uscis_petition_needs_a_valid_receipt_number_and_status(respondent_client, motion, hearing):
    answer(respondent_client, motion, "hearing", {"hearing": hearing.pk})
    response = answer(
        respondent_client,
        motion,
        "reason",
        {"reason": "uscis", "details": "I-130", "receipt_number": "12345"},
        status=200,
    )
    body = response.content.decode()
    assert "three letters and ten numbers" in body and "Choose the status" in body
    answer(respondent_client, motion, "reason", {
        "reason": "uscis", "details": "I-130", "receipt_number": "ioe 091-2345678", "petition_status": "received",
    })  # fmt: skip


def test_html_and_script_in_every_field_is_escaped_on_pages_and_in_the_pdf(respondent_client, motion, hearing):
    answer(respondent_client, motion, "hearing", {"hearing": hearing.pk})
    answer(respondent_client, motion, "reason", {"reason": "other", "details": SCRIPT})
    future = (timezone.localdate() + datetime.timedelta(days=70)).isoformat()
    answer(respondent_client, motion, "dates", {"date_1": future, "earlier": SCRIPT})
    upload_evidence(respondent_client, motion, title=SCRIPT)
    evidence = respondent_client.get(reverse("motions:evidence", args=[motion.pk])).content.decode()
    assert SCRIPT not in evidence and "&lt;script&gt;" in evidence
    sign_page = respondent_client.get(reverse("motions:sign", args=[motion.pk])).content.decode()
    assert SCRIPT not in sign_page and "&lt;script&gt;alert" in sign_page
    response = respondent_client.post(
        reverse("motions:sign", args=[motion.pk]),
        {"signed_name": SCRIPT, "signed_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    motion.refresh_from_db()
    text = stored_pdf_text(motion.filing.documents.get(role=FilingDocument.Role.LEAD).storage_key)
    assert '<script>alert("x")</script><b>bold</b>' in text  # printed as the characters typed, never as markup


def test_a_signature_that_is_not_the_account_name_warns_but_is_kept(respondent_client, motion, hearing):
    answer(respondent_client, motion, "hearing", {"hearing": hearing.pk})
    answer(respondent_client, motion, "reason", {"reason": "lawyer", "details": "Looking for counsel."})
    answer(
        respondent_client, motion, "dates", {"date_1": (timezone.localdate() + datetime.timedelta(days=50)).isoformat()}
    )
    response = respondent_client.post(
        reverse("motions:sign", args=[motion.pk]),
        {"signed_name": "Someone Else", "signed_on": timezone.localdate().isoformat()},
        follow=True,
    )
    assert "is not the name on your account" in response.content.decode()
    motion.refresh_from_db()
    assert motion.signature_mismatch and motion.signed_name == "Someone Else"
    assert motion.filing.documents.filter(role=FilingDocument.Role.LEAD).exists()


def test_someone_elses_motion_is_404_on_every_page(client, respondent_client, motion, other_respondent):
    from tests.support import login_verified

    other = login_verified(client.__class__(), other_respondent.user)
    for name, args in [("detail", [motion.pk]), ("evidence", [motion.pk]), ("sign", [motion.pk]),
                       ("packet", [motion.pk]), ("step", [motion.pk, "hearing"])]:  # fmt: skip
        assert other.get(reverse(f"motions:{name}", args=args)).status_code == 404, name
    assert other.get(reverse("motions:choose", args=[motion.case_id])).status_code == 404


def test_back_keeps_what_was_typed_and_a_new_session_finds_the_draft(client, respondent_client, motion, hearing):
    from tests.support import login_verified

    answer(respondent_client, motion, "hearing", {"hearing": hearing.pk})
    back = respondent_client.post(
        reverse("motions:step", args=[motion.pk, "reason"]),
        {"reason-reason": "illness", "reason-details": "Half typed", f"motion_{motion.pk}-current_step": "reason",
         "wizard_goto_step": "hearing"},
    )  # fmt: skip
    assert back.status_code == 302 and back["Location"].endswith("/questions/hearing/")
    respondent_client.logout()  # the session ends: the draft lives on the Motion row
    again = login_verified(client.__class__(), motion.created_by)
    page = again.get(reverse("motions:step", args=[motion.pk, "reason"])).content.decode()
    assert "Half typed" in page
    hearing_page = again.get(reverse("motions:step", args=[motion.pk, "hearing"])).content.decode()
    assert f'value="{hearing.pk}" checked' in hearing_page
