"""Reopening after a missed hearing: the dashboard countdown, both branches, the 180-day boundary on both
sides, the address timeline and no fee for lack of notice, the stay of removal, the clerk queue order."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from filings.models import AddressChange, Filing, FilingDocument
from filings.services import filing_accept
from filings.tests.helpers import stored_pdf_text, submit
from motions.models import CaseDecision, Motion
from motions.selectors import motions_needing_ruling_for_courts
from motions.tests.conftest import answer, mark_clean, start, upload_evidence
from notices.models import Notice

pytestmark = pytest.mark.django_db


def in_absentia(case, days_ago: int) -> CaseDecision:
    today = timezone.localtime(timezone.now(), case.court.tz).date()
    return CaseDecision.objects.create(
        case=case, kind=CaseDecision.Kind.IN_ABSENTIA, decided_on=today - datetime.timedelta(days=days_ago)
    )


def sign(client, motion, name="María Pérez"):
    return client.post(
        reverse("motions:sign", args=[motion.pk]), {"signed_name": name, "signed_on": timezone.localdate().isoformat()}
    )


def test_dashboard_card_counts_the_days_left_and_links_the_help_answer(respondent_client, case):
    in_absentia(case, days_ago=30)
    page = respondent_client.get(reverse("cases:dashboard")).content.decode()
    assert 'data-testid="reopen-card"' in page
    assert "150 days left of the 180 days" in page
    assert "/help/hearings/#missed-hearing" in page


def test_no_card_without_an_in_absentia_order_and_reopen_not_offered(respondent_client, case):
    page = respondent_client.get(reverse("cases:dashboard")).content.decode()
    assert 'data-testid="reopen-card"' not in page
    response = respondent_client.post(reverse("motions:start", args=[case.pk, "reopen-missed-hearing"]))
    assert response.status_code == 302 and not Motion.objects.exists()


def test_lack_of_notice_shows_the_address_timeline_is_free_and_stays_removal(
    respondent_client, case, respondent, clerk, django_capture_on_commit_callbacks
):
    in_absentia(case, days_ago=400)  # long past the 180 days: lack of notice has no deadline
    AddressChange.objects.create(
        respondent=respondent, case=case, filed_by=respondent.user, old_address={},
        new_address={"address_line1": "77 Moved Street", "city": "Springfield", "state": "IL", "postal_code": "62703"},
    )  # fmt: skip
    Notice.objects.create(respondent=respondent, court=case.court, case=case, kind=Notice.Kind.HEARING,
                          idempotency_key="h1", mailed_at=timezone.now() - datetime.timedelta(days=500))  # fmt: skip
    start(respondent_client, case, "reopen-missed-hearing")
    motion = Motion.objects.get(case=case)
    answer(respondent_client, motion, "notice", {"got_notice": "no"})
    page = respondent_client.get(reverse("motions:step", args=[motion.pk, "no_notice"])).content.decode()
    assert 'data-testid="address-timeline"' in page and "77 Moved Street" in page and "The notice was mailed" in page
    assert "no fee" in page
    today = timezone.localdate().isoformat()
    answer(
        respondent_client,
        motion,
        "no_notice",
        {"lived_at": "77 Moved Street", "learned": "A friend.", "learned_on": today},
    )
    motion.refresh_from_db()
    assert motion.answers["got_notice"] == "no" and "fee_choice" not in motion.answers
    upload_evidence(respondent_client, motion, exhibit="declaration", title="My declaration")
    assert "There is no fee" in respondent_client.get(reverse("motions:sign", args=[motion.pk])).content.decode()
    assert sign(respondent_client, motion).status_code == 302
    motion.refresh_from_db()
    lead = motion.filing.documents.get(role=FilingDocument.Role.LEAD)
    text = stored_pdf_text(lead.storage_key)
    assert "MOTION TO REOPEN AND RESCIND IN ABSENTIA ORDER" in text
    assert "did not receive notice" in text and "no fee is required" in text and "77 Moved Street" in text
    assert "stays removal" in text

    mark_clean(motion.filing)
    submit(respondent_client, motion.filing, capture=django_capture_on_commit_callbacks)
    stamp = motion.filing.submitted_at_local.date()
    dashboard = respondent_client.get(reverse("cases:dashboard")).content.decode()
    assert "Automatic stay of removal from" in dashboard
    detail = respondent_client.get(reverse("motions:detail", args=[motion.pk])).content.decode()
    assert 'data-testid="stay"' in detail

    filing_accept(filing=motion.filing, actor=clerk)
    from motions.services import motion_ruling_record

    motion_ruling_record(motion=motion, actor=clerk, ruling="granted", note="Reopened.", ruled_on=stamp)
    assert "Automatic stay of removal" not in respondent_client.get(reverse("cases:dashboard")).content.decode()


@pytest.mark.parametrize(("days_ago", "allowed"), [(180, True), (181, False)])
def test_exceptional_circumstances_on_both_sides_of_day_180(respondent_client, case, days_ago, allowed):
    in_absentia(case, days_ago=days_ago)
    start(respondent_client, case, "reopen-missed-hearing")
    motion = Motion.objects.get(case=case)
    answer(respondent_client, motion, "notice", {"got_notice": "yes"})
    page = respondent_client.get(reverse("motions:step", args=[motion.pk, "exceptional"])).content.decode()
    data = {
        "circumstance": "illness",
        "happened_from": (timezone.localdate() - datetime.timedelta(days=days_ago + 2)).isoformat(),
        "happened_to": (timezone.localdate() - datetime.timedelta(days=days_ago - 5)).isoformat(),
        "details": "I was in hospital.",
    }
    if allowed:
        assert 'data-testid="stop-lawyer"' not in page and "0 days left" in page
        answer(respondent_client, motion, "exceptional", data)
    else:
        assert 'data-testid="stop-lawyer"' in page and "Talk to a lawyer" in page
        assert 'data-testid="legal-aid"' in page or "free legal services" in page
        response = answer(respondent_client, motion, "exceptional", data, status=200)
        assert "can no longer be used" in response.content.decode()
        motion.refresh_from_db()
        kept = motion.wizard["step_data"]["exceptional"]
        assert kept  # the draft is kept: nothing typed before is lost
        assert motion.filing_id is None


def test_fee_waiver_without_its_form_is_refused_then_accepted_with_it(respondent_client, case):
    in_absentia(case, days_ago=10)
    start(respondent_client, case, "reopen-missed-hearing")
    motion = Motion.objects.get(case=case)
    answer(respondent_client, motion, "notice", {"got_notice": "yes"})
    answer(respondent_client, motion, "exceptional", {
        "circumstance": "death", "happened_from": (timezone.localdate() - datetime.timedelta(days=12)).isoformat(),
        "happened_to": (timezone.localdate() - datetime.timedelta(days=9)).isoformat(), "details": "My father died.",
    })  # fmt: skip
    fee_page = respondent_client.get(reverse("motions:step", args=[motion.pk, "fee"])).content.decode()
    assert "$900" in fee_page and "EOIR-26A" in fee_page
    answer(respondent_client, motion, "fee", {"fee_choice": "waiver"})
    response = sign(respondent_client, motion)
    assert response.status_code == 400 and "EOIR-26A" in response.content.decode()
    motion.refresh_from_db()
    assert not motion.filing.documents.filter(generated=True).exists()
    upload_evidence(respondent_client, motion, exhibit="fee_waiver", title="EOIR-26A")
    assert sign(respondent_client, motion).status_code == 302
    motion.refresh_from_db()
    text = stored_pdf_text(motion.filing.documents.get(role=FilingDocument.Role.LEAD).storage_key)
    assert "waive the filing fee" in text and "exceptional circumstances" in text


def test_the_queue_puts_reopenings_first(respondent_client, case, clerk, django_capture_on_commit_callbacks, hearing):
    def filed(slug, steps):
        start(respondent_client, case, slug)
        motion = Motion.objects.filter(case=case).latest("id")
        for step, data in steps:
            answer(respondent_client, motion, step, data)
        sign(respondent_client, motion)
        motion.refresh_from_db()
        mark_clean(motion.filing)
        submit(respondent_client, motion.filing, capture=django_capture_on_commit_callbacks)
        return motion

    in_absentia(case, days_ago=5)
    video = filed("appear-by-video", [
        ("hearing", {"hearing": hearing.pk}),
        ("video", {"details": "I live far away.", "private_place": "on", "device": "on", "connection": "on"}),
    ])  # fmt: skip
    reopen = filed("reopen-missed-hearing", [
        ("notice", {"got_notice": "no"}),
        ("no_notice", {"lived_at": "Here", "learned": "A letter", "learned_on": timezone.localdate().isoformat()}),
    ])  # fmt: skip
    assert video.filing.submitted_at < reopen.filing.submitted_at
    queue = list(motions_needing_ruling_for_courts(court_ids=[case.court_id]))
    assert queue == [reopen, video]
    assert Filing.objects.filter(pk=reopen.filing_id, status=Filing.Status.SUBMITTED).exists()
