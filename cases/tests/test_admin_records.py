"""Record documents, no deletes anywhere, case status actions and changelist query counts."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from cases.models import Case, RecordDocument
from cases.tests.factories import MINIMAL_PDF, CaseFactory, HearingFactory, RecordDocumentFactory, RespondentFactory
from tests.support import login_verified

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "admin:cases_case_changelist",
    "admin:cases_hearing_changelist",
    "admin:cases_recorddocument_changelist",
    "admin:cases_respondent_changelist",
    "admin:cases_judge_changelist",
    "admin:cases_immigrationcourt_changelist",
    "admin:audit_auditevent_changelist",
]


def _fill(court, n):
    for _ in range(n):
        case = CaseFactory(court=court)
        HearingFactory(case=case)
        RecordDocumentFactory(case=case)


@pytest.mark.parametrize("url_name", CHANGELISTS)
def test_changelist_queries_do_not_grow_with_rows(client, clerk, court, url_name, django_assert_max_num_queries):
    login_verified(client, clerk)
    _fill(court, 2)
    with django_assert_max_num_queries(13) as few:  # 13: +1 for the verified session's OTP device
        assert client.get(reverse(url_name)).status_code == 200
    _fill(court, 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse(url_name))


def test_case_changelist_never_counts_the_whole_table(client, superuser, court, django_assert_max_num_queries):
    _fill(court, 3)
    login_verified(client, superuser)
    with django_assert_max_num_queries(12) as captured:
        response = client.get(reverse("admin:cases_case_changelist"))
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT" in sql.upper() for sql in counts), counts
    assert "3 cases" in " ".join(response.text.split())


def test_capped_count_says_more_than(client, superuser, court, settings):
    from audit import paginator

    _fill(court, 3)
    login_verified(client, superuser)
    original = paginator.CappedCountPaginator.cap
    paginator.CappedCountPaginator.cap = 2
    try:
        response = client.get(reverse("admin:cases_case_changelist"), {"status": "pending"})
    finally:
        paginator.CappedCountPaginator.cap = original
    assert "More than 2 cases" in " ".join(response.text.split())


@pytest.mark.parametrize("user_fixture", ["clerk", "supervisor", "superuser"])
def test_nothing_is_deletable(client, request, court, user_fixture):
    user = request.getfixturevalue(user_fixture)
    case = CaseFactory(court=court)
    document = RecordDocumentFactory(case=case)
    login_verified(client, user)
    response = client.get(reverse("admin:cases_case_changelist"))
    assert "delete_selected" not in response.text
    assert client.get(reverse("admin:cases_case_delete", args=[case.pk])).status_code == 403
    assert client.post(reverse("admin:cases_recorddocument_delete", args=[document.pk])).status_code == 403
    assert Case.objects.filter(pk=case.pk).exists() and RecordDocument.objects.filter(pk=document.pk).exists()


def test_clerk_adds_a_record_document_with_checksum_size_and_pages(client, clerk, court):
    case = CaseFactory(court=court)
    login_verified(client, clerk)
    upload = SimpleUploadedFile("nta.pdf", MINIMAL_PDF, content_type="application/pdf")
    data = {
        "case": case.pk,
        "title": "Notice to Appear",
        "category": "charging",
        "filed_by": "dhs",
        "filed_on": "2026-10-01",
        "file": upload,
        "_save": "Save",
    }
    response = client.post(reverse("admin:cases_recorddocument_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    document = RecordDocument.objects.get(case=case)
    assert document.sha256 == hashlib.sha256(MINIMAL_PDF).hexdigest()
    assert (document.size, document.pages) == (len(MINIMAL_PDF), 1)
    event = AuditEvent.objects.get(action="recorddocument.created")
    assert (event.actor, event.case_id, event.court_id) == (clerk, case.pk, court.pk)


def test_a_record_document_must_be_a_pdf_and_is_never_replaced(client, clerk, court):
    case = CaseFactory(court=court)
    login_verified(client, clerk)
    fake = SimpleUploadedFile("x.pdf", b"MZ not a pdf", content_type="application/pdf")
    data = {"case": case.pk, "title": "T", "category": "other", "filed_by": "court", "filed_on": "2026-10-01"}
    response = client.post(reverse("admin:cases_recorddocument_add"), {**data, "file": fake})
    assert response.context["adminform"].form.errors["file"]
    document = RecordDocumentFactory(case=case)
    form = client.get(reverse("admin:cases_recorddocument_change", args=[document.pk])).context["adminform"].form
    assert "file" not in form.fields and "case" not in form.fields


def test_changing_a_document_title_is_audited(client, clerk, court):
    document = RecordDocumentFactory(case=CaseFactory(court=court))
    login_verified(client, clerk)
    data = {"title": "Corrected title", "category": document.category, "filed_by": document.filed_by}
    data["filed_on"] = document.filed_on.isoformat()
    data["initial-filed_on"] = document.filed_on.isoformat()
    response = client.post(reverse("admin:cases_recorddocument_change", args=[document.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(action="recorddocument.changed")
    assert event.data == {"fields": ["title"]}


def test_case_status_changes_only_through_actions(client, clerk, court):
    case = CaseFactory(court=court, respondent=RespondentFactory())
    login_verified(client, clerk)
    form = client.get(reverse("admin:cases_case_change", args=[case.pk])).context["adminform"].form
    assert "status" not in form.fields
    url = reverse("admin:cases_case_changelist")
    client.post(url, {"action": "mark_decided", "_selected_action": [case.pk]})
    case.refresh_from_db()
    assert case.status == Case.Status.DECIDED and case.decided_on is not None
    event = AuditEvent.objects.get(action="case.status_changed")
    assert event.data == {"from": "pending", "to": "decided"}
    client.post(url, {"action": "mark_admin_closed", "_selected_action": [case.pk]})
    case.refresh_from_db()
    assert case.status == Case.Status.DECIDED  # not an allowed move


def test_history_link_shows_the_records_audit_events(client, clerk, court):
    case, other = CaseFactory(court=court), CaseFactory(court=court)
    login_verified(client, clerk)
    for target in (case, other):
        client.post(reverse("admin:cases_case_changelist"), {"action": "mark_decided", "_selected_action": [target.pk]})
    response = client.get(reverse("admin:cases_case_history", args=[case.pk]), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("admin:audit_auditevent_changelist"))
    listed = response.context["cl"].result_list
    assert [(e.action, e.target_id) for e in listed] == [("case.status_changed", str(case.pk))]
