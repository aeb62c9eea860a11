from __future__ import annotations

from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class StaffAuthConfig(AppConfig):
    name = "staffauth"
    verbose_name = _("Staff sign-in")

    def ready(self) -> None:
        from staffauth import receivers  # noqa: F401  # connects the sign-in audit receivers
        from staffauth.related_links import related_links_install

        related_links_install()


class CustosAdminConfig(AdminConfig):
    """The admin, served by a site that requires a verified second factor on every page."""

    default_site = "staffauth.admin_site.CustosAdminSite"
