from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"


class PortalAdminConfig(AdminConfig):
    """Makes the clerk admin site (portal.admin_site.ClerkAdminSite) Django's default site."""

    default = False
    default_site = "portal.admin_site.ClerkAdminSite"
