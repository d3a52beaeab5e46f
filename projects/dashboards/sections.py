"""Figures an app above ``projects`` adds to the dashboards and the monthly report.

``projects`` may not import the apps above it (regional reuse lives in
``regional_assessments``), so the composition root names their figures in
``settings.CRM_FIGURE_SECTIONS`` (export name -> dotted path of a callable), as
``INSTALLED_APPS`` names the apps. Each callable takes the audience's
``DashboardScope`` and ``today`` and returns a ``FigureSection``: its figures as a
table (which is also its ``.xlsx``), its lead figures, and optionally what its chart
draws."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string

from projects.dashboards.selectors import DashboardScope


@dataclass(frozen=True, slots=True)
class FigureSection:
    """``key``: the section's export name (``?export=<key>``); ``headers``/``rows``:
    its table; ``summary``: its lead figures as (label, value); ``chart``: what
    ``static/projects/dashboards.js`` draws (``categories``; ``series`` of ``name``,
    ``data``, optional ``type`` "bar"/"line" and ``axis`` 0/1; ``axes``: the value
    axes' names), or None; ``note``: what the figures count, shown under the title."""

    key: str
    title: str
    headers: list[str]
    rows: list[list]
    summary: list[tuple[str, object]] = field(default_factory=list)
    chart: dict | None = None
    note: str = ""


def figure_section_keys() -> list[str]:
    return list(settings.CRM_FIGURE_SECTIONS)


def figure_sections(scope: DashboardScope, *, today: dt.date) -> list[FigureSection]:
    """Every configured section's figures for ``scope``, in the order configured."""
    return [import_string(path)(scope, today=today) for path in settings.CRM_FIGURE_SECTIONS.values()]


def figure_section(key: str, scope: DashboardScope, *, today: dt.date) -> FigureSection:
    """The one configured section ``key`` (a ``KeyError`` if none is)."""
    return import_string(settings.CRM_FIGURE_SECTIONS[key])(scope, today=today)
