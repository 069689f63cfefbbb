from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed(sender, **kwargs) -> None:
    from filings.models import ReviewReason
    from filings.seeds import review_reasons_sync

    review_reasons_sync(ReviewReason)


class FilingsConfig(AppConfig):
    name = "filings"
    verbose_name = _("Filings")

    def ready(self) -> None:
        # Reference rows survive a test database's flush and come back if lost (filings/seeds.py).
        post_migrate.connect(_seed, sender=self, dispatch_uid="filings.seed_review_reasons")
