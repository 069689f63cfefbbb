"""The clerk admin for court records (registered on Django's default site, portal.admin_site)."""

from cases.admin import case_admin, courts, document_admin, hearing_admin, respondent_admin  # noqa: F401
