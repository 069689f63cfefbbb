"""One of every court-scoped record in one court, with words that must never show up elsewhere.

Used by the staff-site sweeps (tests/test_admin_sweep.py): a clerk of another court and a support
agent walk every admin URL and form against this world and must not read any of its `markers`.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.tests.factories import StaffFactory, UserFactory
from audit.services import audit_record
from cases.anumbers import format_a_number
from cases.tests.factories import (
    MINIMAL_PDF,
    CaseFactory,
    HearingFactory,
    JudgeFactory,
    RecordDocumentFactory,
    RespondentFactory,
)
from delivery.models import ServicePreference, ServicePreferenceChange, ServiceRecord
from filings.models import AddressChange, Filing, FilingDocument, ReviewReason, ServiceOutage
from guidance.tests.factories import LegalServiceProviderFactory
from motions.models import CaseDecision, LegalFact, Motion, MotionType, ZipCourt
from notices.models import MailingBatch, Notice, PrintFile


def court_world(court, *, tag: str, a_number: str) -> dict:
    """Every kind of court record of `court`; names carry `tag` so a leak is easy to spot."""
    user = UserFactory(email=f"{tag.lower()}.person@example.org", first_name=f"{tag}given", last_name=f"{tag}family")
    person = RespondentFactory(user=user, a_number=a_number, given_name=f"{tag}given", family_name=f"{tag}family")
    judge = JudgeFactory(court=court, name=f"Judge {tag}judge")
    case = CaseFactory(respondent=person, court=court, judge=judge)
    hearing = HearingFactory(case=case, courtroom=f"{tag}room")
    document = RecordDocumentFactory(case=case, title=f"{tag}exhibit")
    filing = Filing.objects.create(
        case=case,
        filed_by=user,
        filing_type=Filing.FilingType.MOTION,
        status=Filing.Status.SUBMITTED,
        submitted_at=timezone.now(),
        receipt_number=f"R-{tag}",
    )
    filing_document = FilingDocument.objects.create(
        filing=filing,
        role=FilingDocument.Role.LEAD,
        title=f"{tag}motion",
        storage_key=default_storage.save(f"filings/{tag}/motion.pdf", ContentFile(MINIMAL_PDF)),
        scan_status=FilingDocument.ScanStatus.CLEAN,
    )
    change = AddressChange.objects.create(
        respondent=person,
        case=case,
        filing=filing,
        filed_by=user,
        old_address={"address_line1": f"1 {tag}old street", "city": "Springfield"},
        new_address={"address_line1": f"2 {tag}new street", "city": "Springfield"},
        moved_on=timezone.localdate(),
    )
    letter = default_storage.save(f"notices/{tag}/letter.pdf", ContentFile(MINIMAL_PDF))
    notice = Notice.objects.create(
        respondent=person,
        case=case,
        court=court,
        kind=Notice.Kind.REGISTRATION,
        state=Notice.State.RENDERED,
        idempotency_key=f"world-{tag}",
        pdf_key=letter,
        pdf_pages=1,
        pdf_size=len(MINIMAL_PDF),
    )
    batch = MailingBatch.objects.create(
        court=court,
        state=MailingBatch.State.READY,
        created_by=StaffFactory(email=f"{tag.lower()}.mailroom@example.org"),
        total=1,
        manifest_key=default_storage.save(f"batches/{tag}/manifest.csv", ContentFile(f"{tag}family\n".encode())),
    )
    print_file = PrintFile.objects.create(
        batch=batch, number=1, first_seq=1, last_seq=1, state=PrintFile.State.DONE, file_key=letter, pages=1
    )
    provider = LegalServiceProviderFactory(court=court, name=f"{tag}legal aid")
    event = audit_record(actor=None, action="case.changed", target=case, case=case)
    outage = ServiceOutage.objects.create(started_at=timezone.now(), note=f"{tag} outage")
    preference = ServicePreference.objects.create(
        respondent=person, state=ServicePreference.State.SUSPENDED, email=user.email, since=timezone.now()
    )
    ServicePreferenceChange.objects.create(
        preference=preference, from_state="electronic", to_state="suspended", reason="hard_bounce"
    )
    service_record = ServiceRecord.objects.create(
        notice_id=notice.pk,
        respondent=person,
        court=court,
        channel=ServiceRecord.Channel.EMAIL,
        destination=user.email,
        state=ServiceRecord.State.HARD_BOUNCE,
        needs_review=True,
        failed_at=timezone.now(),
    )
    objects = {
        "delivery.servicepreference": preference,
        "delivery.servicerecord": service_record,
        "cases.immigrationcourt": court,
        "cases.judge": judge,
        "cases.respondent": person,
        "cases.case": case,
        "cases.hearing": hearing,
        "cases.recorddocument": document,
        "filings.filing": filing,
        "filings.filingdocument": filing_document,
        "filings.addresschange": change,
        "notices.notice": notice,
        "notices.mailingbatch": batch,
        "notices.printfile": print_file,
        "guidance.legalserviceprovider": provider,
        "audit.auditevent": event,
        "accounts.user": user,
        "account.emailaddress": EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True),
        "otp_totp.totpdevice": TOTPDevice.objects.create(user=user, name=f"{tag} phone", confirmed=True),
        "auth.group": Group.objects.create(name=f"{tag} group"),
        "filings.serviceoutage": outage,
        "motions.motion": Motion.objects.create(
            case=case, motion_type=MotionType.objects.get(slug="continue"), created_by=user, filing=filing
        ),
        "motions.casedecision": CaseDecision.objects.create(
            case=case, kind=CaseDecision.Kind.IN_ABSENTIA, decided_on=timezone.localdate(), note=f"{tag}decision"
        ),
        "motions.legalfact": LegalFact.objects.first(),
        "motions.motiontype": MotionType.objects.first(),
        "motions.zipcourt": ZipCourt.objects.create(zip_code=f"{sum(map(ord, tag)):05d}", court=court),
        "filings.reviewreason": ReviewReason.objects.get_or_create(
            code="other", defaults={"decision": "reject", "label": "Other reason", "requires_text": True}
        )[0],
    }
    formatted = format_a_number(a_number)
    markers = [
        user.email,
        a_number,
        formatted,
        formatted.replace("-", ""),
        f"{tag}given",
        f"{tag}family",
        f"{tag}judge",
    ]
    markers += [f"{tag}room", f"{tag}exhibit", f"{tag}motion", f"{tag}old street", f"{tag}legal aid", court.name]
    return {"objects": objects, "markers": markers, "court": court, "person": person}
