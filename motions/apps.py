from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MotionsConfig(AppConfig):
    """Guided requests: motion types as data, question flows that produce one complete filing, legal
    facts (fees, deadlines) as dated data, and the reopening and appeal countdowns."""

    name = "motions"
    verbose_name = _("Guided requests")
