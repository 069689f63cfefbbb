"""Free legal help near each court: a list kept by court staff in the admin, shown on the help pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import ImmigrationCourt


class LegalServiceProviderQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class LegalServiceProvider(models.Model):
    """A free or low-cost legal service provider that helps people with cases at one court."""

    court = models.ForeignKey(
        ImmigrationCourt, verbose_name=_("court"), on_delete=models.PROTECT, related_name="legal_service_providers"
    )
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    website = models.URLField(_("website"), blank=True)
    languages = models.CharField(
        _("languages spoken"), max_length=200, blank=True, help_text=_("For example: English, Spanish, K'iche'.")
    )
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("Who they help and how to reach them, in plain words.")
    )
    active = models.BooleanField(_("shown on the help pages"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = LegalServiceProviderQuerySet.as_manager()

    class Meta:
        verbose_name = _("free legal help provider")
        verbose_name_plural = _("free legal help providers")
        ordering = ["court__name", "name"]
        indexes = [models.Index(fields=["court", "active"], name="legalprovider_court_active_idx")]

    def __str__(self) -> str:
        return self.name
