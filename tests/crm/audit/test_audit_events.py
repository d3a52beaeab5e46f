"""Every audit event has a label: the codes written by the demo (which runs every
service) and every code literal next to an ``event`` in the code, so no timeline or
system page shows a raw code."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from crm.audit.events import audit_event_known, audit_event_label
from crm.audit.models import AuditEntry

ROOT = Path(__file__).resolve().parents[3]
SOURCES = ("crm", "agents", "projects", "regional_assessments", "cms")
# A dotted code in quotes on a line that passes an event (``event="item.accepted"``,
# ``event="a" if x else "b"``); f-strings (``f"{model}.deleted"``) are the generic events.
CODE = re.compile(r"(?<![{\w])\"([a-z_]+\.[a-z_]+)\"")
EVENT_ARGUMENT = re.compile(r"\bevent\s*=\s*f?\"")


def _codes_in_source() -> dict[str, str]:
    found = {}
    for package in SOURCES:
        for path in (ROOT / package).rglob("*.py"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if EVENT_ARGUMENT.search(line):
                    for code in CODE.findall(line):
                        found.setdefault(code, f"{path.relative_to(ROOT)}:{number}")
    return found


def test_every_event_written_in_the_code_has_a_label():
    codes = _codes_in_source()
    assert "item.accepted" in codes and "merged_assessment.compiling" in codes  # the search finds them
    unlabelled = {code: where for code, where in codes.items() if not audit_event_known(code)}
    assert not unlabelled


@pytest.mark.django_db
def test_every_event_of_the_demo_has_a_label():
    call_command("demo", verbosity=0)
    events = set(AuditEntry.objects.values_list("event", flat=True).distinct())
    assert len(events) > 20
    assert not {event for event in events if not audit_event_known(event)}
    assert audit_event_label("merged_assessment.compiling") == "开始编制报告"


def test_generic_events_read_as_the_model_and_the_verb():
    assert audit_event_label("milestone.deadline_recomputed") == "到期日重新计算"
    assert audit_event_label("projectitem.deadline_recomputed").endswith("：到期日重新计算")
    assert audit_event_known("zone.updated") and not audit_event_known("zone.flew_away")
    assert audit_event_label("no_such.event") == "其他事件"
