"""`manage.py seed_demo`: idempotent fictional demo data, and fast load-test rows with --scale."""

import hashlib
import io
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from pypdf import PdfReader

from accounts.models import User
from audit.models import AuditEvent
from cases.models import Case, Hearing, ImmigrationCourt, Judge, RecordDocument, Respondent
from portal import demo
from portal.demo_scale import AUDIT_EVENTS_PER_CASE, seed_scale

pytestmark = pytest.mark.django_db

MODELS = (ImmigrationCourt, Judge, Respondent, Case, Hearing, RecordDocument, User)


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS} | {
        "court staff": ImmigrationCourt.staff.through.objects.count(),
        "group memberships": User.groups.through.objects.count(),
    }


def test_running_twice_changes_nothing_and_prints_the_sign_ins():
    first = seed()
    before = counts()
    hearings = list(Hearing.objects.order_by("pk").values_list("pk", "starts_at", "status"))
    files = {doc.file.name: doc.sha256 for doc in RecordDocument.objects.all()}

    second = seed()

    assert counts() == before
    assert list(Hearing.objects.order_by("pk").values_list("pk", "starts_at", "status")) == hearings
    assert {doc.file.name: doc.sha256 for doc in RecordDocument.objects.all()} == files
    # The 20 people of the story, and Rosa, ordered removed in absentia (motions/demo.py).
    assert before["Respondent"] == len(demo.PEOPLE) + 1 == 21
    for output in (first, second):
        assert "A-999-000-101" in output
        assert "demo.clerk.demep@example.org" in output
        assert "demo.supervisor@example.org" in output
        assert demo.DEMO_PASSWORD in output
        assert "access code" in output


def test_demo_covers_time_zones_hearing_modes_and_special_cases():
    seed()
    zones = set(ImmigrationCourt.objects.values_list("time_zone", flat=True))
    assert len(zones) >= 3

    moved = Hearing.objects.get(replaces__isnull=False)
    assert moved.replaces.status == Hearing.Status.ADJOURNED
    assert moved.replaces.adjournment_reason
    assert moved.status == Hearing.Status.SCHEDULED
    adjourned_alone = Hearing.objects.filter(status=Hearing.Status.ADJOURNED, replaced_by__isnull=True).exclude(
        adjournment_reason=""
    )
    assert adjourned_alone.exists()
    assert Hearing.objects.filter(status=Hearing.Status.COMPLETED).exists()

    upcoming = Hearing.objects.filter(status=Hearing.Status.SCHEDULED)
    video = upcoming.filter(mode=Hearing.Mode.INTERNET)
    in_person = upcoming.filter(mode=Hearing.Mode.IN_PERSON)
    assert in_person.exclude(courtroom="").exists()
    assert video.exists()
    for hearing in video:
        assert hearing.video_url.startswith("https://meet.example.org/")
        assert hearing.dial_in.startswith("(555) 010-01")

    assert Case.objects.filter(attorney_of_record=True).exclude(attorney_name="").count() == 1
    assert Respondent.objects.filter(detained=True).count() == 1
    assert {"en", "es"} < set(Respondent.objects.values_list("preferred_language", flat=True))
    assert len(set(Case.objects.values_list("status", flat=True))) >= 3
    assert Respondent.objects.filter(user__isnull=False).count() == len(demo.WITH_ACCOUNT) + 1  # + Rosa (motions)
    assert Respondent.objects.filter(user__isnull=True).exists()
    for court in ImmigrationCourt.objects.all():
        assert court.phone.startswith("(555) 010-01")


def test_record_documents_are_real_pdfs_matching_their_checksums():
    seed()
    documents = RecordDocument.objects.all()
    assert documents.count() >= 40
    for document in documents:
        with default_storage.open(document.file.name, "rb") as handle:
            content = handle.read()
        assert hashlib.sha256(content).hexdigest() == document.sha256
        assert len(content) == document.size
        reader = PdfReader(io.BytesIO(content))
        assert len(reader.pages) == document.pages >= 1
        assert document.title in " ".join(reader.pages[0].extract_text().split())
        assert document.file.name.startswith("record/")
        assert not document.file.name.endswith(f"{document.title}.pdf")


def test_staff_have_their_roles_and_courts():
    seed()
    courts = list(ImmigrationCourt.objects.order_by("code"))
    for court in courts:
        clerk = User.objects.get(email=f"demo.clerk.{court.code.lower()}@example.org")
        assert clerk.is_staff and not clerk.is_superuser
        assert clerk.role_names() == ["clerk"]
        assert list(clerk.courts.all()) == [court]
        assert clerk.check_password(demo.DEMO_PASSWORD)
    supervisor = User.objects.get(email="demo.supervisor@example.org")
    assert supervisor.role_names() == ["supervisor"]
    assert list(supervisor.courts.order_by("code")) == courts
    support = User.objects.get(email="demo.support@example.org")
    assert support.role_names() == ["support"]
    assert not support.courts.exists()
    mailroom = User.objects.get(email="demo.mailroom@example.org")
    assert mailroom.role_names() == ["mailroom"] and mailroom.has_perm("notices.print_letters")
    assert list(mailroom.courts.order_by("code")) == courts
    assert not clerk.has_perm("notices.print_letters")  # clerks start batches; the mailroom opens them
    assert User.objects.get(email="demo.admin@example.org").is_superuser
    respondent_user = User.objects.get(email="demo.maria@example.org")
    assert not respondent_user.is_staff
    assert respondent_user.respondent.a_number == "999000101"


def test_scale_adds_n_respondents_each_with_a_case_hearings_and_documents():
    seed()
    before = counts()

    output = seed("--scale", "7", "--batch-size", "3", "--quiet-table")

    after = counts()
    assert after["Respondent"] - before["Respondent"] == 7
    assert after["Case"] - before["Case"] == 7
    assert after["Hearing"] - before["Hearing"] == 14
    assert after["RecordDocument"] - before["RecordDocument"] == 14
    assert "rows/s" in output
    scaled_events = AuditEvent.objects.filter(case_id__in=Case.objects.filter(respondent__a_number__startswith="1"))
    assert scaled_events.count() == 7 * AUDIT_EVENTS_PER_CASE  # the audit log grows with the data
    assert {e.court_id for e in scaled_events} <= set(Case.objects.values_list("court_id", flat=True))
    spread = scaled_events.order_by("occurred_at")
    assert spread.first().occurred_at < spread.last().occurred_at  # spread over time, not one instant
    scaled = Case.objects.filter(respondent__a_number__startswith="1")
    assert scaled.count() == 7
    for case in scaled.select_related("judge"):
        assert case.judge.court_id == case.court_id
        assert case.hearings.filter(status=Hearing.Status.SCHEDULED).count() == 1
    shared = {doc.file.name for doc in RecordDocument.objects.filter(case__in=scaled)}
    assert len(shared) == 1
    document = RecordDocument.objects.filter(case__in=scaled).first()
    with default_storage.open(document.file.name, "rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == document.sha256

    seed("--scale", "2", "--quiet-table")  # a second run continues after the highest A-number
    assert Respondent.objects.count() == after["Respondent"] + 2


def test_scale_without_sql_path_uses_bulk_create(settings):
    courts = demo.seed_courts()
    result = seed_scale(5, courts=courts, batch_size=2, use_sql=False)
    assert result.respondents == 5
    assert Case.objects.count() == 5
    assert Hearing.objects.filter(mode=Hearing.Mode.INTERNET).exclude(video_url="").exists()
    assert RecordDocument.objects.count() == 10
    assert AuditEvent.objects.filter(case_id__in=Case.objects.values("pk")).count() == 5 * AUDIT_EVENTS_PER_CASE
    assert {case.court.time_zone for case in Case.objects.select_related("court")} >= {"America/New_York"}
