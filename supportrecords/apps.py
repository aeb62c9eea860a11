from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportRecordsConfig(AppConfig):
    name = "supportrecords"
    verbose_name = _("Support records")
