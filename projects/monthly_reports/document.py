"""The report as people read it: what its template shows (numbered sections, figures
with separators, labelled cells for phones) and the PDF made from it."""

import datetime as dt
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone

from crm.documents import pdf_from_html
from projects.models import RatingLevel
from projects.monthly_reports.selectors import MonthlyFigures

NUMERALS = "一二三四五六七八九十"
FIXED_SECTIONS = 4  # compliance, league, overdue items, ratings: the template numbers them


def shown(value) -> str:
    """A cell as printed: thousands separators, a date as YYYY-MM-DD, nothing as “—”."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float | Decimal):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    return str(value)


def section_number(index: int) -> str:
    """The Chinese numeral of a section (1-based), up to 十九 — a report has a handful."""
    if index <= 10:
        return NUMERALS[index - 1]
    return f"十{NUMERALS[index - 11]}"


def report_context(figures: MonthlyFigures, *, today: dt.date | None = None) -> dict:
    sections = [
        {
            "number": section_number(FIXED_SECTIONS + index),
            "key": section.key,
            "title": section.title,
            "summary": [(label, shown(value)) for label, value in section.summary],
            "headers": section.headers,
            "rows": [list(zip(section.headers, (shown(cell) for cell in row), strict=False)) for row in section.rows],
        }
        for index, section in enumerate(figures.sections, start=1)
    ]
    return {
        "figures": figures,
        "today": today or timezone.localdate(),
        "rating_levels": [(str(RatingLevel(level).label), n) for level, n in figures.ratings.levels.items()],
        "sections": sections,
    }


def monthly_report_pdf(figures: MonthlyFigures) -> bytes:
    return pdf_from_html(render_to_string("projects/monthly_reports/report_pdf.html", report_context(figures)))
