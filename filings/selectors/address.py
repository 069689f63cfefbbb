"""Reads for the change of address (EOIR-33): the address of record, open drafts, a filing's answers."""

from cases.models import Case, Respondent
from filings.models import AddressChange, Filing

ADDRESS_FIELDS = ("address_line1", "address_line2", "city", "state", "postal_code", "country")


def current_address(respondent: Respondent) -> dict:
    """The respondent's address of record, field by field."""
    return {name: getattr(respondent, name) for name in ADDRESS_FIELDS}


def address_line(address: dict) -> str:
    """An address kept on a change (old or new) on one line, for the clerk's screens."""
    parts = [address.get("address_line1"), address.get("address_line2"), address.get("city")]
    tail = " ".join(p for p in [address.get("state"), address.get("postal_code")] if p)
    return ", ".join(p for p in [*parts, tail] if p)


def open_address_change_drafts(*, case: Case):
    """Drafts of a change of address in this case that were never filed."""
    return Filing.objects.filter(case=case, filing_type=Filing.FilingType.ADDRESS_CHANGE, status=Filing.Status.DRAFT)


def address_change_of(*, filing: Filing) -> AddressChange | None:
    """The EOIR-33 answers behind a change-of-address filing, or None for other filings."""
    if filing.filing_type != Filing.FilingType.ADDRESS_CHANGE:
        return None
    return AddressChange.objects.filter(filing=filing).first()
