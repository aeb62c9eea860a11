from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Customers' privacy requests (access, rectification, erasure): public pages, review, execution, processors."""

    name = "privacy"
    verbose_name = _("Privacy requests")
