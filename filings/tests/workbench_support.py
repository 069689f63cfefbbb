"""Queue items for the workbench tests (filings, portal, browser): filings straight in the database."""

import datetime
import importlib
import itertools

from django.apps import apps as django_apps
from django.utils import timezone

from accounts.tests.factories import UserFactory
from cases.tests.factories import MINIMAL_PDF, CaseFactory
from filings.demo import DocumentSpec, work_filing
from filings.models import Filing, FilingDocument

_numbers = itertools.count(1)


def queued(court, *, minutes_ago: int, case=None, filing_type=Filing.FilingType.MOTION, scan="clean", **kwargs):
    """A submitted filing of `court`, filed `minutes_ago`, its documents in scan state `scan`."""
    case = case or CaseFactory(court=court)
    number = next(_numbers)
    stuck = scan != FilingDocument.ScanStatus.CLEAN
    documents = kwargs.pop(
        "documents",
        (DocumentSpec(f"Document {number}", scan_status=scan, scan_requested_minutes_ago=minutes_ago if stuck else 0),),
    )
    return work_filing(
        case=case,
        filed_by=kwargs.pop("filed_by", None) or UserFactory(),
        receipt_number=f"{court.code}-T-{number:05d}",
        content=MINIMAL_PDF,
        submitted_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        filing_type=filing_type,
        documents=documents,
        **kwargs,
    )


def ensure_reasons() -> None:
    """The reasons the migration seeds (a transactional test's flush empties the table)."""
    seed = importlib.import_module("filings.migrations.0003_review_reasons").seed_reasons
    seed(django_apps, None)
