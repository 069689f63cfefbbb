"""Change of venue: the prompt from the address flow, the motion pre-filled, P.O. box and unknown ZIP
refused, the EOIR-33 attached, end to end to the ruling notice."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.tests.factories import CourtFactory
from filings.models import AddressChange, Filing, FilingDocument
from filings.services import filing_accept
from filings.tests.helpers import stored_pdf_text, submit
from motions.models import Motion, ZipCourt
from motions.services import motion_ruling_record
from motions.tests.conftest import answer, mark_clean, start, upload_evidence
from notices.models import Notice

pytestmark = pytest.mark.django_db

NEW_ADDRESS = {"address_line1": "9 New Home Road", "city": "Highmesa", "state": "CO", "postal_code": "80999"}


@pytest.fixture
def far_court(case):
    court = CourtFactory(code="FAR", name="Farview Immigration Court", time_zone="America/Denver")
    ZipCourt.objects.create(zip_code="80999", court=court)
    ZipCourt.objects.create(zip_code="62702", court=case.court)
    return court


def test_the_address_flow_says_the_case_will_not_move_and_offers_the_motion_prefilled(
    respondent_client, case, far_court, clerk, django_capture_on_commit_callbacks
):
    dashboard = respondent_client.get(reverse("cases:dashboard")).content.decode()
    assert reverse("motions:address", args=[case.pk]) in dashboard
    moved = {**NEW_ADDRESS, "moved_on": timezone.localdate().isoformat()}
    response = respondent_client.post(reverse("motions:address", args=[case.pk]), moved)
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="venue-prompt"' in body
    assert "Your case will not move unless the judge grants a change of venue." in body
    assert "Farview Immigration Court" in body
    change = AddressChange.objects.get(case=case)
    assert change.filing.status == Filing.Status.DRAFT  # the EOIR-33 itself is still filed as before

    start(respondent_client, case, "change-venue")
    motion = Motion.objects.get(case=case)
    page = respondent_client.get(reverse("motions:step", args=[motion.pk, "address"])).content.decode()
    assert 'value="9 New Home Road"' in page and 'value="80999"' in page  # pre-filled from the EOIR-33
    answer(respondent_client, motion, "address", NEW_ADDRESS)
    answer(respondent_client, motion, "venue_reason", {"details": "I moved for work.", "witnesses": "All in Highmesa."})
    refused = respondent_client.post(
        reverse("motions:sign", args=[motion.pk]),
        {"signed_name": "María Pérez", "signed_on": timezone.localdate().isoformat()},
    )
    assert refused.status_code == 400 and "Proof of where you live" in refused.content.decode()
    upload_evidence(respondent_client, motion, exhibit="residence", title="Lease")
    respondent_client.post(
        reverse("motions:sign", args=[motion.pk]),
        {"signed_name": "María Pérez", "signed_on": timezone.localdate().isoformat()},
    )
    motion.refresh_from_db()
    text = stored_pdf_text(motion.filing.documents.get(role=FilingDocument.Role.LEAD).storage_key)
    assert "MOTION TO CHANGE VENUE" in text and "Farview Immigration Court" in text and "9 New Home Road" in text
    assert motion.filing.documents.filter(title="Change of address (EOIR-33)", generated=True).exists()

    mark_clean(motion.filing)
    submit(respondent_client, motion.filing, capture=django_capture_on_commit_callbacks)
    filing_accept(filing=motion.filing, actor=clerk)
    with django_capture_on_commit_callbacks(execute=True):
        motion_ruling_record(motion=motion, actor=clerk, ruling="denied", note="", ruled_on=timezone.localdate())
    assert Notice.objects.filter(kind=Notice.Kind.MOTION_RULING, case=case).exists()


def test_same_court_zip_goes_straight_to_filing(respondent_client, case, far_court):
    response = respondent_client.post(
        reverse("motions:address", args=[case.pk]),
        {**NEW_ADDRESS, "postal_code": "62702", "state": "IL", "moved_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302 and "/filings/" in response["Location"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("address_line1", "P.O. Box 123", "A P.O. box is not a place where you live"),
        ("address_line2", "PO BOX 9", "A P.O. box is not a place where you live"),
        ("postal_code", "10001", "We do not know which immigration court serves ZIP code 10001"),
        ("postal_code", "62702", "is in the area of your current court"),
    ],
)
def test_bad_venue_addresses_are_refused_and_kept(respondent_client, case, far_court, field, value, message):
    start(respondent_client, case, "change-venue")
    motion = Motion.objects.get(case=case)
    response = answer(respondent_client, motion, "address", {**NEW_ADDRESS, field: value}, status=200)
    assert message in response.content.decode()
    motion.refresh_from_db()
    assert motion.wizard["step_data"]["address"][f"address-{field}"] == [value]


def test_a_supervisor_keeps_the_zip_table_audited(supervisor, case):
    from django.test import Client

    from audit.actions import AuditAction
    from audit.models import AuditEvent
    from tests.support import login_verified

    client = login_verified(Client(), supervisor)
    response = client.post(reverse("admin:motions_zipcourt_add"), {"zip_code": "62799", "court": case.court_id})
    assert response.status_code == 302
    assert ZipCourt.objects.filter(zip_code="62799", court=case.court).exists()
    assert AuditEvent.objects.filter(action=AuditAction.ZIPCOURT_CREATED).exists()


def _prompt_after_posting_the_form_of(respondent_client, page_url: str):
    """Opens the change-of-address page a link leads to, sends its form where the form says, as a browser does."""
    page = respondent_client.get(page_url)
    assert page.status_code == 200
    action = re.search(r'<form method="post" action="([^"]*/address/)" class="usa-form', page.content.decode()).group(1)
    moved = {**NEW_ADDRESS, "moved_on": timezone.localdate().isoformat()}
    return respondent_client.post(action, moved)


def test_every_change_of_address_link_leads_to_the_venue_prompt(respondent_client, case, far_court):
    filings_page = respondent_client.get(reverse("filings:list")).content.decode()
    assert reverse("filings:address_change", args=[case.pk]) not in filings_page
    dashboard = respondent_client.get(reverse("cases:dashboard")).content.decode()
    for body in (filings_page, dashboard):
        links = re.findall(r'href="([^"]*/address/[^"]*)"', body)
        assert links == [reverse("motions:address", args=[case.pk])], links
        response = _prompt_after_posting_the_form_of(respondent_client, links[0])
        assert response.status_code == 200
        assert "Your case will not move unless the judge grants a change of venue." in response.content.decode()
    # The old address (bookmarks, older emails) shows the same form, which also leads to the prompt.
    old = _prompt_after_posting_the_form_of(respondent_client, reverse("filings:address_change", args=[case.pk]))
    assert old.status_code == 200 and 'data-testid="venue-prompt"' in old.content.decode()
    assert "Farview Immigration Court" in old.content.decode()
    # Each sending replaced the draft before it: one EOIR-33 draft, never three.
    assert Filing.objects.filter(case=case, filing_type="address_change", status="draft").count() == 1


def test_the_guided_page_names_the_change_of_address_already_started(respondent_client, case, far_court):
    moved = {**NEW_ADDRESS, "postal_code": "62702", "state": "IL", "moved_on": timezone.localdate().isoformat()}
    respondent_client.post(reverse("motions:address", args=[case.pk]), moved)
    draft = AddressChange.objects.get(case=case).filing
    page = respondent_client.get(reverse("motions:address", args=[case.pk])).content.decode()
    assert "You started a change of address that is not filed yet." in page
    assert reverse("filings:submit", args=[draft.pk]) in page
