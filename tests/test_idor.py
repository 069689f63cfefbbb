"""IDOR sweep: every object URL a respondent can reach, requested as another respondent and anonymously.

The URLs are COLLECTED from the project's URL patterns, not listed by hand: every pattern with an integer
parameter outside the staff sites is filled with the ids of respondent A's objects. A new pattern whose
parameters the sweep cannot fill fails the test, so new views are covered by design.
"""

import logging

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.urls.converters import IntConverter
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.tests.factories import UserFactory
from cases.anumbers import format_a_number
from cases.tests.factories import MINIMAL_PDF, CaseFactory, HearingFactory, RecordDocumentFactory, RespondentFactory
from filings.models import AddressChange, Filing, FilingDocument
from filings.services import address_change_submit, filing_create
from motions.models import Motion, MotionType
from notices.models import Notice
from tests.support import login_verified, reauthenticated, walk_urls

pytestmark = pytest.mark.django_db

# Staff sites have their own permission tests (tests/test_admin_sites.py); a respondent never gets in.
STAFF_NAMESPACES = {"admin", "support"}
RESPONDENT_NAMESPACES = {"cases", "filings", "notices", "accounts", "motions"}
A_NUMBER = "271828182"
GIVEN, FAMILY = "Xiomara", "Quillfeather"


def object_patterns():
    """(namespace, name, route, {param: converter}) for every non-staff pattern that takes an integer id."""
    found = []
    for url in walk_urls():
        converters = url.entry.pattern.converters
        if not any(isinstance(c, IntConverter) for c in converters.values()):
            continue
        if STAFF_NAMESPACES & set(url.namespaces):
            continue
        found.append((url.namespace, url.entry.name, url.route, converters))
    return found


@pytest.fixture
def owner(court):
    """Respondent A with one of everything a respondent can own, and A's signed-in client data."""
    user = UserFactory(email="owner@example.org", first_name=GIVEN, last_name=FAMILY)
    person = RespondentFactory(user=user, a_number=A_NUMBER, given_name=GIVEN, family_name=FAMILY)
    case = CaseFactory(respondent=person, court=court)
    hearing = HearingFactory(case=case)
    document = RecordDocumentFactory(case=case)
    filing = filing_create(case=case, actor=user, filing_type=Filing.FilingType.MOTION)
    filing_document = FilingDocument.objects.create(
        filing=filing, role=FilingDocument.Role.LEAD, title="Motion to change venue", storage_key="filings/x/y.pdf"
    )
    change = address_change_submit(
        case=case,
        actor=user,
        data={"address_line1": "45 New Road", "city": "Springfield", "state": "IL", "postal_code": "62704"},
    )
    notice = Notice.objects.create(
        respondent=person,
        case=case,
        court=court,
        kind=Notice.Kind.HEARING,
        state=Notice.State.DELIVERED,
        idempotency_key="idor-sweep-hearing",
        hearing_id=hearing.pk,
        pdf_key=default_storage.save("notices/idor/letter.pdf", ContentFile(MINIMAL_PDF)),
        pdf_pages=1,
        pdf_size=len(MINIMAL_PDF),
    )
    factor = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    motion = Motion.objects.create(
        case=case, motion_type=MotionType.objects.get(slug="continue"), created_by=user, filing=filing
    )
    # Its own evidence: the owner's pass through filings' remove URL deletes the filing's document first.
    evidence = FilingDocument.objects.create(
        filing=filing, role=FilingDocument.Role.SUPPORTING, title="Evidence", storage_key="filings/x/z.pdf"
    )
    return {
        "person": person,
        "case": case,
        "filing": filing,
        "values": {
            ("cases", "case_id"): case.pk,
            ("cases", "hearing_id"): hearing.pk,
            ("cases", "document_id"): document.pk,
            ("filings", "case_id"): case.pk,
            ("filings", "filing_id"): filing.pk,
            ("filings", "document_id"): filing_document.pk,
            ("filings", "change_id"): change.pk,
            ("notices", "notice_id"): notice.pk,
            ("accounts", "pk"): factor.pk,
            ("accounts", "kind"): "totp",
            ("motions", "case_id"): case.pk,
            ("motions", "slug"): "continue",
            ("motions", "motion_id"): motion.pk,
            ("motions", "document_id"): evidence.pk,
            ("motions", "step"): "hearing",
        },
    }


def collect_object_urls(values) -> list[str]:
    """Every object URL, filled with A's ids; fails on a pattern the sweep does not know how to fill."""
    urls, unknown = [], []
    for namespace, name, route, converters in object_patterns():
        missing = [param for param in converters if (namespace, param) not in values]
        if missing or namespace not in RESPONDENT_NAMESPACES or name is None:
            unknown.append(f"{namespace}:{name} {route} (cannot fill {missing or 'an unnamed pattern'})")
            continue
        kwargs = {param: values[(namespace, param)] for param in converters}
        urls.append(reverse(f"{namespace}:{name}", kwargs=kwargs))
    assert not unknown, "URL patterns with ids the IDOR sweep cannot fill; teach it:\n" + "\n".join(unknown)
    return urls


def _sensitive(person) -> list[str]:
    a = person.a_number
    return [a, format_a_number(a), format_a_number(a).replace("-", ""), a[:3] + "-" + a[3:], GIVEN, FAMILY]


def test_the_sweep_finds_every_respondent_object_view(owner):
    urls = collect_object_urls(owner["values"])
    # The sweep is not vacuous: it reaches the views of every respondent app.
    assert len(urls) >= 20
    for prefix in ("/cases/", "/filings/", "/notices/", "/account/factors/"):
        assert any(url.startswith(prefix) for url in urls), prefix


def test_the_sweep_fails_on_a_pattern_it_cannot_fill(owner, settings):
    settings.ROOT_URLCONF = "tests.idor_urls"
    from django.urls import clear_url_caches

    clear_url_caches()
    try:
        with pytest.raises(AssertionError, match="widgets:detail"):
            collect_object_urls(owner["values"])
    finally:
        clear_url_caches()


def signed_in_and_reauthenticated(client, user):
    """Signed in with a second factor and re-authenticated just now, so the factor view reaches its lookup."""
    return reauthenticated(login_verified(client, user))


def _assert_not_found_for(client, url, owner_client):
    """404 for GET and POST, except a method the view refuses (405) whatever the object, owner included."""
    reached = False
    for method in ("get", "post"):
        status = getattr(client, method)(url).status_code
        if status == 405:
            assert getattr(owner_client, method)(url).status_code == 405, f"{method.upper()} {url}: 405 only for B"
            continue
        assert status == 404, f"{method.upper()} {url} answered {status} to another respondent"
        reached = True
    assert reached, f"{url}: neither GET nor POST reached the view"


def test_another_respondent_gets_404_on_every_object_url(client, owner, other_respondent, django_user_model):
    urls = collect_object_urls(owner["values"])
    signed_in_and_reauthenticated(client, other_respondent.user)
    # The owner answers 405 the same way (method checks come before any object is looked up); a client that
    # never POSTs or GETs successfully here keeps A's data unchanged.
    from django.test import Client

    owner_client = signed_in_and_reauthenticated(Client(), owner["person"].user)
    before = (Filing.objects.count(), FilingDocument.objects.count(), AddressChange.objects.count())
    for url in urls:
        _assert_not_found_for(client, url, owner_client)
    assert (Filing.objects.count(), FilingDocument.objects.count(), AddressChange.objects.count()) == before
    assert Filing.objects.get(pk=owner["filing"].pk).status == Filing.Status.DRAFT
    assert TOTPDevice.objects.filter(user=owner["person"].user).exists()
    # Not vacuous: the owner reaches every one of these URLs (GET, or POST where GET is refused).
    for url in urls:
        status = owner_client.get(url).status_code
        if status == 405:
            status = owner_client.post(url).status_code
        assert status != 404, f"{url} is not found for its owner either: the sweep proves nothing there"


def test_a_signed_out_visitor_is_sent_to_sign_in_from_every_object_url(client, owner):
    login = reverse("account_login")
    for url in collect_object_urls(owner["values"]):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302, f"{method.upper()} {url} answered {response.status_code}"
            assert response["Location"].startswith(login + "?next="), f"{method.upper()} {url}"
            for text in _sensitive(owner["person"]):
                assert text not in response["Location"]


def test_no_a_number_or_name_in_urls_or_log_lines(client, owner, caplog):
    person = owner["person"]
    urls = collect_object_urls(owner["values"])
    owner_pages = [
        reverse("cases:dashboard"),
        reverse("cases:record", args=[owner["case"].pk]),
        reverse("cases:hearings", args=[owner["case"].pk]),
        reverse("filings:list"),
        reverse("filings:detail", args=[owner["filing"].pk]),
        reverse("filings:submit", args=[owner["filing"].pk]),
    ]
    login_verified(client, person.user)
    with caplog.at_level(logging.DEBUG):
        for url in owner_pages:
            page = client.get(url)
            assert page.status_code == 200, url
    lines = [caplog.text, *(record.getMessage() for record in caplog.records)]
    lines += [str(getattr(record, "args", "")) for record in caplog.records]
    for text in _sensitive(person):
        for url in urls + owner_pages:
            assert text not in url, f"{text!r} in {url}"
        for line in lines:
            assert text not in line, f"{text!r} logged: {line[:300]}"
