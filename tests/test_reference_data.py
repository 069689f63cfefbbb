"""Reference rows seeded by migrations (motion types and legal facts, review reasons) exist in every
test, transactional ones included: a flush between tests must not leave a later test, or a reused
test database, without them (post_migrate re-seeds what is missing)."""

import pytest
from django.core.management import call_command

from filings.models import ReviewReason
from filings.seeds import SEED_REASONS
from motions.catalogue import MOTION_TYPES
from motions.models import LegalFact, MotionType


def _present() -> tuple[int, int, int]:
    return MotionType.objects.count(), LegalFact.objects.count(), ReviewReason.objects.count()


@pytest.mark.django_db(transaction=True)
def test_a_flush_leaves_the_reference_rows_in_place():
    call_command("flush", interactive=False, verbosity=0)
    types, facts, reasons = _present()
    assert types == len(MOTION_TYPES) and facts > 0 and reasons == len(SEED_REASONS)


@pytest.mark.django_db
def test_a_lost_row_comes_back_and_an_edited_one_stays_edited():
    MotionType.objects.filter(slug="continue").delete()
    ReviewReason.objects.filter(code="illegible").update(label="Cannot be read (edited by a supervisor)")
    call_command("migrate", verbosity=0)
    assert MotionType.objects.filter(slug="continue").exists()
    assert ReviewReason.objects.get(code="illegible").label == "Cannot be read (edited by a supervisor)"
