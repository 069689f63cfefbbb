from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("Notices")

    def ready(self) -> None:
        from accounts.signals import registration_notice_requested
        from cases.signals import hearing_changed
        from delivery.signals import paper_service_needed
        from notices import receivers

        hearing_changed.connect(receivers.on_hearing_changed, dispatch_uid="notices.hearing_changed")
        registration_notice_requested.connect(
            receivers.on_registration_notice_requested, dispatch_uid="notices.registration_notice_requested"
        )
        paper_service_needed.connect(receivers.on_paper_service_needed, dispatch_uid="notices.paper_service_needed")
