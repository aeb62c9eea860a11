from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportRecordsConfig(AppConfig):
    name = "supportrecords"
    verbose_name = _("Support records")

    def ready(self) -> None:
        from audit.personal import personal_cipher_register
        from supportrecords.audit_cipher import CustomerKeyCipher

        personal_cipher_register(CustomerKeyCipher())
