"""Change of address (EOIR-33) service: the respondent's address of record changes; history is kept."""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from cases.models import Case, Respondent
from filings.models import AddressChange

ADDRESS_FIELDS = ("address_line1", "address_line2", "city", "state", "postal_code", "country")


def current_address(respondent: Respondent) -> dict:
    return {name: getattr(respondent, name) for name in ADDRESS_FIELDS}


@transaction.atomic
def address_change_submit(*, case: Case, actor, data: dict) -> AddressChange:
    """Records an EOIR-33 and updates the respondent's address of record (the old one kept); audited."""
    from filings.services import FilingError, case_accepts_filings

    if not case_accepts_filings(case):
        raise FilingError(_("An attorney is of record in this case: your attorney files documents for you."))
    respondent = Respondent.objects.select_for_update().get(pk=case.respondent_id)
    old = current_address(respondent)
    new = {**{name: data.get(name, "") for name in ADDRESS_FIELDS}, "country": "US"}
    for name, value in new.items():
        setattr(respondent, name, value)
    respondent.save(update_fields=[*ADDRESS_FIELDS, "updated_at"])
    change = AddressChange.objects.create(
        respondent=respondent,
        case=case,
        filed_by=actor,
        old_address=old,
        new_address=new,
        phone=data.get("phone", ""),
        email=data.get("email", ""),
        moved_on=data.get("moved_on"),
        receipt_number=f"tmp-{secrets.token_hex(8)}",  # replaced below, once the id is known
    )
    stamp = timezone.localtime(change.submitted_at, case.court.tz)
    change.receipt_number = f"{case.court.code}-A{stamp:%Y%m%d}-{change.pk:07d}"
    change.save(update_fields=["receipt_number"])
    # The addresses themselves are personal data: the audit row names the change, not the places.
    audit_record(actor=actor, action="respondent.address_changed", target=change, case=case)
    return change
