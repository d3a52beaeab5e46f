"""What can be imported, by the name the command takes (``enterprises``, ``projects``…).

The spine knows no app above it, so each app lists its sheets in an optional
``<app>/sheets.py`` as ``SHEET_KINDS`` (name → ``SheetResource``), found here through
the app registry, in app order."""

import importlib
import importlib.util

from django.apps import apps

from crm.imports.resources import SheetResource


def sheet_kinds() -> dict[str, type[SheetResource]]:
    kinds: dict[str, type[SheetResource]] = {}
    for app_config in apps.get_app_configs():
        name = f"{app_config.name}.sheets"
        if importlib.util.find_spec(name) is not None:
            kinds.update(importlib.import_module(name).SHEET_KINDS)
    return kinds
