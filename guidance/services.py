"""Writes of the guidance app: staff keep the free legal help list; every change is audited."""

from django.db import transaction

from audit.actions import AuditAction
from audit.services import audit_record
from guidance.models import LegalServiceProvider


@transaction.atomic
def legal_provider_save(*, provider: LegalServiceProvider, actor, changed_fields: list[str]) -> LegalServiceProvider:
    """Creates or updates a provider on the public list; audited with the fields changed."""
    created = provider.pk is None
    provider.save()
    audit_record(
        actor=actor,
        action=AuditAction.LEGAL_PROVIDER_CREATED if created else AuditAction.LEGAL_PROVIDER_CHANGED,
        target=provider,
        court_id=provider.court_id,
        data={"fields": sorted(changed_fields)},
    )
    return provider
