from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed(sender, **kwargs) -> None:
    from motions.catalogue import catalogue_sync
    from motions.models import LegalFact, MotionType

    catalogue_sync(LegalFact, MotionType)


class MotionsConfig(AppConfig):
    """Guided requests: motion types as data, question flows that produce one complete filing, legal
    facts (fees, deadlines) as dated data, and the reopening and appeal countdowns."""

    name = "motions"
    verbose_name = _("Guided requests")

    def ready(self) -> None:
        # The catalogue (motion types, legal facts) is reference data that is never deleted: the rows
        # a migration seeded come back after a test database's flush or a lost row (catalogue_sync
        # only adds what is missing, never changes a row a supervisor edited).
        post_migrate.connect(_seed, sender=self, dispatch_uid="motions.seed_catalogue")
