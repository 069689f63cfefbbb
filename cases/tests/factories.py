import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from cases.models import Case, Hearing, ImmigrationCourt, Judge, RecordDocument, Respondent

# A minimal, valid one-page PDF (US Letter) for record documents in tests.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class CourtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImmigrationCourt
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T{n:02d}")
    name = factory.Sequence(lambda n: f"Test Immigration Court {n}")
    address_line1 = "100 Example Street, Suite 500"
    city = "Springfield"
    state = "IL"
    postal_code = "62701"
    phone = "(555) 010-0100"
    time_zone = "America/Chicago"


class JudgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Judge

    court = factory.SubFactory(CourtFactory)
    name = factory.Faker("name")


class RespondentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Respondent

    a_number = factory.Sequence(lambda n: f"{200000000 + n:09d}")
    family_name = factory.Faker("last_name")
    given_name = factory.Faker("first_name")
    date_of_birth = datetime.date(1990, 5, 17)
    country_of_nationality = "Guatemala"
    preferred_language = "es"
    address_line1 = "12 Sample Avenue, Apt 3"
    city = "Springfield"
    state = "IL"
    postal_code = "62702"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    respondent = factory.SubFactory(RespondentFactory)
    court = factory.SubFactory(CourtFactory)
    judge = factory.SubFactory(JudgeFactory, court=factory.SelfAttribute("..court"))


class HearingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hearing

    case = factory.SubFactory(CaseFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    courtroom = "4B"


class RecordDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecordDocument

    case = factory.SubFactory(CaseFactory)
    title = "Notice to Appear"
    category = RecordDocument.Category.CHARGING
    file = factory.LazyFunction(lambda: ContentFile(MINIMAL_PDF, name="document.pdf"))
    sha256 = factory.LazyFunction(lambda: __import__("hashlib").sha256(MINIMAL_PDF).hexdigest())
    size = len(MINIMAL_PDF)
    pages = 1
