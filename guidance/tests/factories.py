import factory

from cases.tests.factories import CourtFactory
from guidance.models import LegalServiceProvider


class LegalServiceProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalServiceProvider

    court = factory.SubFactory(CourtFactory)
    name = factory.Sequence(lambda n: f"Example Legal Aid {n}")
    phone = "(555) 010-0150"
    website = "https://legal-aid.example.org"
    languages = "English, Spanish"
    notes = "Free consultations on Tuesdays."
