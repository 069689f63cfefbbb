from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """The shared package below the apps; an app only so that the email outbox has a table and a task."""

    name = "common"
    verbose_name = _("Shared")
    default_auto_field = "django.db.models.BigAutoField"
