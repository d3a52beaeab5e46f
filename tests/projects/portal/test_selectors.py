"""The wording of where things stand: every item state, every milestone state."""

import datetime as dt
from types import SimpleNamespace

import pytest

from crm.calendar.clock import ClockDays, ClockParty, DeadlineLevel, PauseCause
from crm.calendar.selectors import ClockWait
from projects.cases.selectors import WaitsOn, item_waits
from projects.investment.selectors import milestone_progress
from projects.models import CaseState, ItemState, MilestoneOutcome, MilestoneState

DUE = dt.date(2026, 4, 10)


def _item(state, *, case_state=CaseState.AUTHORISED, wait=None, confirmed=None, provisional=False):
    return SimpleNamespace(
        state=state,
        case=SimpleNamespace(agent="李代办", state=case_state),
        approval_item=SimpleNamespace(department=SimpleNamespace(name="市自然资源和规划局")),
        wait=wait,
        due_date=DUE if state in (ItemState.ACCEPTED, ItemState.IN_REVIEW) else None,
        due_provisional=provisional,
        receipt_confirmed_on=confirmed,
    )


CORRECTION = ClockWait(ClockParty.ENTERPRISE, PauseCause.CORRECTION, "缺少土地出让合同")


@pytest.mark.parametrize(
    ("item", "party", "words"),
    [
        (_item(ItemState.PREPARING), WaitsOn.AGENT, "代办员（李代办）预审材料"),
        (_item(ItemState.CORRECTING, wait=CORRECTION), WaitsOn.ENTERPRISE, "等待贵企业补正：缺少土地出让合同"),
        (
            _item(ItemState.RETURNED, wait=CORRECTION),
            WaitsOn.ENTERPRISE,
            "市自然资源和规划局退回补正，等待贵企业补正：缺少土地出让合同",
        ),
        (_item(ItemState.READY), WaitsOn.AGENT, "预审通过，等待代办员（李代办）向市自然资源和规划局提交"),
        (
            _item(ItemState.READY, case_state=CaseState.INTAKE),
            WaitsOn.ENTERPRISE,
            "预审通过，待贵企业签订代办委托书后由代办员（李代办）提交",
        ),
        (_item(ItemState.SUBMITTED), WaitsOn.DEPARTMENT, "等待市自然资源和规划局受理"),
        (_item(ItemState.ACCEPTED), WaitsOn.DEPARTMENT, "市自然资源和规划局审查中，承诺2026-04-10前办结"),
        (
            SimpleNamespace(**{**vars(_item(ItemState.IN_REVIEW)), "overdue_days": 5}),
            WaitsOn.DEPARTMENT,
            "市自然资源和规划局审查中，已超过承诺办结日2026-04-10 5个工作日，代办员（李代办）负责催办",
        ),
        (
            _item(ItemState.IN_REVIEW, provisional=True),
            WaitsOn.DEPARTMENT,
            "市自然资源和规划局审查中，承诺2026-04-10前办结（暂定）",
        ),
        (_item(ItemState.APPROVED), WaitsOn.AGENT, "准予许可，等待代办员（李代办）送达"),
        (_item(ItemState.REJECTED), WaitsOn.AGENT, "不予许可，等待代办员（李代办）送达决定书"),
        (_item(ItemState.DELIVERED), WaitsOn.ENTERPRISE, "已送达，待贵企业确认收件"),
        (_item(ItemState.DELIVERED, confirmed=dt.date(2026, 4, 13)), WaitsOn.NOBODY, "贵企业已于2026-04-13确认收件"),
    ],
)
def test_every_item_state_says_whom_it_waits_on_and_why(item, party, words):
    waits = item_waits(item)
    assert (waits.party, waits.words) == (party, words)


def test_every_item_state_has_words():
    for state in ItemState.values:
        assert item_waits(_item(state, wait=CORRECTION)).words


def test_staff_read_the_enterprise_in_the_third_person():
    assert item_waits(_item(ItemState.CORRECTING, wait=CORRECTION), for_enterprise=False).words == (
        "等待企业补正：缺少土地出让合同"
    )
    assert (
        item_waits(_item(ItemState.CORRECTING), for_enterprise=True).words == "等待贵企业补正：所需材料请向代办员了解"
    )


def _milestone(state=MilestoneState.RUNNING, *, level=DeadlineLevel.NORMAL, used=20, enterprise=3, other=2, **kw):
    figures = (
        None if state == MilestoneState.PENDING else ClockDays(used, enterprise, other, 50, kw.pop("fig_prov", False))
    )
    values = {
        "state": state,
        "outcome": "",
        "wait": None,
        "level": level,
        "figures": figures,
        "target_working_days": 50,
        "due_date": DUE,
        "days_left": 30,
        "overdue_days": 0,
        "due_provisional": False,
    }
    values.update(kw)
    return SimpleNamespace(**values)


def test_progress_is_government_days_used_against_the_target():
    p = milestone_progress(_milestone(used=20))
    assert (p.words, p.tone, p.used, p.target, p.shown, p.percent) == ("按时推进", "on-track", 20, 50, 20, 40)
    assert (p.due_date, p.days_left, p.paused_days, p.provisional, p.started) == (DUE, 30, 5, False, True)


@pytest.mark.parametrize(
    ("milestone", "words", "tone"),
    [
        (_milestone(level=DeadlineLevel.WARNING, days_left=2), "即将到期", "warning"),
        (_milestone(level=DeadlineLevel.OVERDUE, used=55, days_left=-5, overdue_days=5), "已超时", "overdue"),
        (
            _milestone(MilestoneState.PAUSED, level=DeadlineLevel.PAUSED, wait=CORRECTION),
            "等待贵企业补正：缺少土地出让合同",
            "waiting",
        ),
        (
            _milestone(
                MilestoneState.PAUSED,
                level=DeadlineLevel.PAUSED,
                wait=ClockWait(ClockParty.SPECIAL_PROCEDURE, PauseCause.PUBLIC_NOTICE, "规划公示十日"),
            ),
            "暂停计时（公示）：规划公示十日",
            "waiting",
        ),
        (_milestone(MilestoneState.COMPLETED, level=None, outcome=MilestoneOutcome.ON_TIME), "已完成", "done"),
        (
            _milestone(MilestoneState.COMPLETED, level=None, outcome=MilestoneOutcome.LATE, used=60),
            "已完成（超时完成）",
            "late",
        ),
        (_milestone(MilestoneState.PENDING, level=None, days_left=None), "未开始", "pending"),
    ],
)
def test_every_milestone_state_in_words(milestone, words, tone):
    p = milestone_progress(milestone)
    assert (p.words, p.tone) == (words, tone)


def test_an_overdue_bar_stops_at_its_end_and_a_pending_one_is_empty():
    late = milestone_progress(_milestone(level=DeadlineLevel.OVERDUE, used=55))
    assert (late.used, late.shown, late.percent) == (55, 50, 100)
    pending = milestone_progress(_milestone(MilestoneState.PENDING, level=None))
    assert (pending.used, pending.shown, pending.percent, pending.started, pending.due_date) == (
        None,
        0,
        0,
        False,
        None,
    )


def test_provisional_when_the_due_date_or_the_count_depends_on_an_unpublished_year():
    assert milestone_progress(_milestone(due_provisional=True)).provisional
    assert milestone_progress(_milestone(fig_prov=True)).provisional
