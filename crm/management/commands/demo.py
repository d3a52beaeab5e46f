"""``manage.py demo``: load realistic demonstration data, idempotently.

The spine knows none of the apps above it, so the data lives with each app in an
optional ``<app>/demo.py`` exposing ``load(stdout) -> int`` (the number of rows it
created). Apps are loaded in ``INSTALLED_APPS`` order, which is also the dependency
order (crm → agents → projects → …), all in one transaction: a failure leaves
nothing behind.
"""

import importlib
import importlib.util

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


def demo_modules() -> list:
    """The ``demo`` modules of the installed apps, in app order."""
    modules = []
    for app_config in apps.get_app_configs():
        name = f"{app_config.name}.demo"
        if importlib.util.find_spec(name) is not None:
            module = importlib.import_module(name)
            if callable(getattr(module, "load", None)):
                modules.append(module)
    return modules


class Command(BaseCommand):
    help = "载入演示数据（可重复执行：已存在的数据不会重复创建）"

    def handle(self, *args, **options) -> None:
        created = 0
        with transaction.atomic():
            for module in demo_modules():
                created += module.load(self.stdout) or 0
            from crm.supervision.services import sweep

            outcome = sweep()  # today's warnings and overdue reports, as the beat task would raise them
            self.stdout.write(f"电子监察：新提醒 {len(outcome.alerts)} 条")
        if created:
            self.stdout.write(self.style.SUCCESS("演示数据已载入。演示账号的密码均为 demo1234。"))
        else:
            self.stdout.write(self.style.WARNING("演示数据已存在，未作任何更改。"))
