from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeletionConfig(AppConfig):
    name = "deletion"
    verbose_name = _("Retention and deletion")
