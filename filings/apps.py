from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingsConfig(AppConfig):
    name = "filings"
    verbose_name = _("Filings")

    def ready(self):
        from cases.selectors import register_summary_extra
        from filings.selectors import dashboard_deadline

        # The case dashboard shows a deadline extended by an outage (8 CFR 1003.31(b)), as the filing pages do.
        register_summary_extra("deadline", dashboard_deadline)
