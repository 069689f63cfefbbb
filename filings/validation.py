"""The checks on every uploaded PDF (size, PDF by content, complete, opens, not encrypted, pages, page
sizes) and the removal of active content. They live in common.pdfs so that the clerk admin (cases,
below filings) checks and disarms record documents exactly as respondents' uploads are."""

from common.pdfs import (
    ACTIVE_CONTENT_LABELS,
    LETTER,
    MAX_NON_LETTER_LISTED,
    PAGE_SIZE_TOLERANCE,
    UploadRejected,
    ValidatedPdf,
    clean_display_name,
    max_upload_bytes,
    remove_active_content,
    too_large_message,
    validate_pdf,
)

__all__ = [
    "ACTIVE_CONTENT_LABELS",
    "LETTER",
    "MAX_NON_LETTER_LISTED",
    "PAGE_SIZE_TOLERANCE",
    "UploadRejected",
    "ValidatedPdf",
    "clean_display_name",
    "max_upload_bytes",
    "remove_active_content",
    "too_large_message",
    "validate_pdf",
]
