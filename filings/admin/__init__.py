"""The filings app's pages in the clerk admin: the filing queue and its side-by-side review
(`filing`, `review`), and the change-of-address history, outage log and review reasons (`records`)."""

from filings.admin.filing import FilingAdmin, FilingDocumentInline
from filings.admin.records import AddressChangeAdmin, ReviewReasonAdmin, ServiceOutageAdmin, ServiceOutageForm

__all__ = [
    "AddressChangeAdmin",
    "FilingAdmin",
    "FilingDocumentInline",
    "ReviewReasonAdmin",
    "ServiceOutageAdmin",
    "ServiceOutageForm",
]
