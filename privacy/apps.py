from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Customers' privacy requests (access, rectification, erasure): public pages, review, execution, processors."""

    name = "privacy"
    verbose_name = _("Customer privacy")  # not the model's plural: the admin index would show two links of one name
