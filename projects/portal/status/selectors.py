"""What the public status lookup reads: a project by its code, and its answer (the
milestones in words), served from the cache.

The cached lookup is keyed by the project code and checked against two things read in
the same cache round trip: the project's status version, bumped after every change
that a milestone or the project records (a new verification code too)
(``projects.public_status.status_version_bump``), and today's date
(days left and days used change overnight with no event). A short lifetime
(``STATUS_ANSWER_CACHE_SECONDS``) bounds what a change made outside the services
(a raw SQL fix) can leave behind."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache

from crm.calendar.clock import ClockParty, DeadlineLevel
from projects.investment.selectors import milestone_rows, milestones_with_figures
from projects.models import Milestone, MilestoneOutcome, MilestoneState, Project
from projects.public_status import status_version_key


class Words:
    """A milestone's state as the public page says it (the template translates each)."""

    NOT_STARTED = "not_started"  # 未开始
    ON_TRACK = "on_track"  # 按时推进
    DUE_SOON = "due_soon"  # 即将到期
    OVERDUE = "overdue"  # 已超时
    WAITING_ENTERPRISE = "waiting_enterprise"  # 等待企业补正
    PAUSED = "paused"  # 暂停计时（法定程序、中介机构）
    DONE = "done"  # 已完成
    DONE_LATE = "done_late"  # 已完成（超时）


@dataclass(frozen=True, slots=True)
class StatusRow:
    """One milestone: plain values only (cached, and nothing personal: no pause reason,
    which an agent types freely, no department contact, no person)."""

    name: str
    words: str
    target: int
    used: int | None
    started_on: dt.date | None
    due_date: dt.date | None
    days_left: int | None
    overdue_days: int
    provisional: bool
    finished_on: dt.date | None


@dataclass(frozen=True, slots=True)
class StatusAnswer:
    project_name: str
    rows: tuple[StatusRow, ...]
    on: dt.date


def _words(m: Milestone) -> str:
    if m.state == MilestoneState.PENDING:
        return Words.NOT_STARTED
    if m.state == MilestoneState.COMPLETED:
        return Words.DONE_LATE if m.outcome == MilestoneOutcome.LATE else Words.DONE
    if m.state == MilestoneState.PAUSED:
        waits_on_enterprise = m.wait is not None and m.wait.party == ClockParty.ENTERPRISE
        return Words.WAITING_ENTERPRISE if waits_on_enterprise else Words.PAUSED
    return {DeadlineLevel.WARNING: Words.DUE_SOON, DeadlineLevel.OVERDUE: Words.OVERDUE}.get(m.level, Words.ON_TRACK)


def _answer_build(project_pk: int, today: dt.date) -> StatusAnswer:
    milestones = milestones_with_figures(
        Milestone.objects.filter(project_id=project_pk).select_related("project").order_by("definition__order")
    )
    rows = milestone_rows(milestones, today)
    name = rows[0].project.name if rows else Project.objects.values_list("name", flat=True).get(pk=project_pk)
    return StatusAnswer(
        project_name=name,
        rows=tuple(
            StatusRow(
                name=m.definition.name,
                words=_words(m),
                target=m.target_working_days or m.definition.target_working_days,
                used=m.figures.government if m.figures else None,
                started_on=m.started_on,
                due_date=m.due_date,
                days_left=m.days_left,
                overdue_days=m.overdue_days,
                provisional=m.due_provisional,
                finished_on=m.finished_on,
            )
            for m in rows
        ),
        on=today,
    )


def _same(answer: StatusAnswer) -> StatusAnswer:
    return answer


@dataclass(frozen=True, slots=True)
class Lookup:
    """What a lookup of one project code needs, as cached: the project, its verification
    code (compared by the page in constant time) and its answer as the page shows it."""

    project_pk: int
    verification_code: str
    shown: Any


def status_lookup(code: str, today: dt.date, *, shown: Callable[[StatusAnswer], Any] = _same, variant: str = ""):
    """The lookup of a project code (None: no such project): from the cache when it is
    of today and of the project's current status version (one round trip, no query),
    else read by the code's unique index, built (one query more), shown and stored.
    ``variant``: what else the cached ``shown`` depends on (the page: the language)."""
    version_key, lookup_key = status_version_key(code), f"status:lookup:{code}:{variant}"
    found = cache.get_many([version_key, lookup_key])
    version = found.get(version_key, 0)
    cached = found.get(lookup_key)
    if cached is not None and cached[0] == version and cached[1] == today:
        return cached[2]
    row = Project.objects.filter(code=code).values_list("pk", "verification_code").first()
    if row is None:
        return None  # not cached: an unknown code costs one indexed query, and is rate-limited
    lookup = Lookup(row[0], row[1], shown(_answer_build(row[0], today)))
    cache.set(lookup_key, (version, today, lookup), settings.STATUS_ANSWER_CACHE_SECONDS)
    return lookup
