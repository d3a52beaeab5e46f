from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CrmConfig(AppConfig):
    name = "crm"
    verbose_name = _("系统与基础数据")

    def ready(self) -> None:
        from crm import signals  # noqa: F401  (connects the calendar receivers)
        from crm.roles import roles_sync

        post_migrate.connect(roles_sync, dispatch_uid="crm.roles_sync")
