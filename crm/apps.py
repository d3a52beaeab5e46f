from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CrmConfig(AppConfig):
    name = "crm"
    verbose_name = _("系统与基础数据")

    def ready(self) -> None:
        from crm.accounts.roles import roles_sync
        from crm.audit.events import SpineEvent, audit_events_register

        audit_events_register(SpineEvent)

        post_migrate.connect(roles_sync, dispatch_uid="crm.roles_sync")


class CrmAdminConfig(admin_apps.AdminConfig):
    """The admin, with the admins other apps register made administrators-only once
    every admin module is loaded (see ``crm.admin.third_party_admins_scope``)."""

    default = False  # "crm" stays CrmConfig

    def ready(self) -> None:
        super().ready()
        from django.contrib import admin

        from crm.admin import third_party_admins_scope

        third_party_admins_scope(admin.site)
