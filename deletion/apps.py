from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DeletionConfig(AppConfig):
    name = "deletion"
    verbose_name = _("Retention and deletion")

    def ready(self) -> None:
        from deletion.guards import sqlite_guards_install

        post_migrate.connect(sqlite_guards_install, dispatch_uid="deletion.sqlite_guards")
