"""Two people moving the same milestone at once: one wins, the other is told that
someone else got there first, and nothing half-written remains (PostgreSQL)."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from projects.cases.services import case_items_choose, case_open, item_pass_prereview, item_request_correction
from projects.investment import services
from projects.investment.events import MilestoneEvent
from projects.investment.services import milestone_finish, milestone_pause, project_event_record
from projects.models import Milestone, MilestonePause, MilestoneState, PauseCause
from tests.factories import ApprovalItemFactory, ProjectFactory, ProxyAgentFactory


@pytest.fixture
def running(transactional_db):
    agent = ProxyAgentFactory().user
    project = ProjectFactory(agent=agent.agent_profile)
    project_event_record(project=project, event=MilestoneEvent.PROJECT_FILED, on=dt.date(2026, 3, 2), by=agent)
    return project.milestones.get(definition__code="construction_permit"), agent


def test_stale_copy_is_refused(running):
    milestone, agent = running
    mine, theirs = Milestone.objects.get(pk=milestone.pk), Milestone.objects.get(pk=milestone.pk)
    milestone_pause(milestone=theirs, cause=PauseCause.CORRECTION, reason="补正", on=dt.date(2026, 3, 3), by=agent)
    with pytest.raises(ValidationError) as caught:
        milestone_finish(milestone=mine, on=dt.date(2026, 3, 4), by=agent)
    assert caught.value.code == "concurrent_change"
    assert "其他人" in caught.value.messages[0]
    fresh = Milestone.objects.get(pk=milestone.pk)
    assert fresh.state == MilestoneState.PAUSED and fresh.finished_on is None


def test_simultaneous_pauses_one_wins(running):
    milestone, agent = running
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def pause(reason: str) -> None:
        copy = Milestone.objects.get(pk=milestone.pk)
        barrier.wait()
        try:
            milestone_pause(
                milestone=copy, cause=PauseCause.CORRECTION, reason=reason, on=dt.date(2026, 3, 3), by=agent
            )
            outcomes.append("won")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=pause, args=(f"补正{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["concurrent_change", "won"]
    assert MilestonePause.objects.filter(milestone=milestone).count() == 1
    assert Milestone.objects.get(pk=milestone.pk).state == MilestoneState.PAUSED


def test_simultaneous_item_moves_one_wins(transactional_db):

    from projects.models import ItemPause, ItemState, ProjectItem
    from tests.factories import EnterpriseFactory

    agent = ProxyAgentFactory()
    case = case_open(
        enterprise=EnterpriseFactory(),
        agent=agent,
        channel="phone",
        summary="咨询",
        by=agent.user,
        on=dt.date(2026, 3, 2),
    )
    approval = ApprovalItemFactory(code="CC-1", name="并发事项")
    (item,) = case_items_choose(case=case, approval_items=[approval], by=agent.user)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def move(action: str) -> None:
        copy = ProjectItem.objects.select_related("case__agent", "approval_item").get(pk=item.pk)
        barrier.wait()
        try:
            if action == "correct":
                item_request_correction(item=copy, reason="补正", on=dt.date(2026, 3, 3), by=agent.user)
            else:
                item_pass_prereview(item=copy, on=dt.date(2026, 3, 3), by=agent.user)
            outcomes.append(action)
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=move, args=(a,)) for a in ("correct", "pass")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert "concurrent_change" in outcomes and len(outcomes) == 2
    final = ProjectItem.objects.get(pk=item.pk).state
    winner = next(o for o in outcomes if o != "concurrent_change")
    assert final == {"correct": ItemState.CORRECTING, "pass": ItemState.READY}[winner]
    assert ItemPause.objects.filter(item=item).count() == (1 if winner == "correct" else 0)


# --- the same races through the pages --------------------------------------------------------
# Both requests read the row and pass the transition's own check before either writes
# (the barrier after ``transition_apply``), as when two people press the button at once.


def _race_pages(monkeypatch, module, user, url: str, data: dict) -> list:
    """POST ``data`` to ``url`` from two signed-in browsers at once; the responses and
    the messages each page would show."""
    from django.contrib.messages import get_messages
    from django.test import Client

    barrier = threading.Barrier(2, timeout=20)
    real_apply = module.transition_apply

    def apply_then_wait(*args, **kwargs):
        real_apply(*args, **kwargs)
        barrier.wait()

    monkeypatch.setattr(module, "transition_apply", apply_then_wait)
    outcomes: list = []

    def post() -> None:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        try:
            response = client.post(url, data)
            outcomes.append((response.status_code, [str(m) for m in get_messages(response.wsgi_request)]))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _one_won_one_told(outcomes: list) -> None:
    assert [status for status, _messages in outcomes] == [302, 302]
    told = [messages for _status, messages in outcomes if any("其他人" in m for m in messages)]
    won = [
        messages
        for _status, messages in outcomes
        if messages == ["已保存"] or any("：" in m and "其他人" not in m for m in messages)
    ]
    assert len(told) == 1 and len(won) == 1, outcomes


def test_two_correction_requests_on_the_page_one_wins_the_other_is_told(transactional_db, monkeypatch):

    import crm.fsm
    from projects.models import ItemPause, ItemState
    from tests.factories import EnterpriseFactory

    agent = ProxyAgentFactory()
    case = case_open(
        enterprise=EnterpriseFactory(),
        agent=agent,
        channel="phone",
        summary="咨询",
        by=agent.user,
        on=dt.date(2026, 3, 2),
    )
    approval = ApprovalItemFactory(code="CC-2", name="并发补正")
    (item,) = case_items_choose(case=case, approval_items=[approval], by=agent.user)
    outcomes = _race_pages(
        monkeypatch,
        crm.fsm,
        agent.user,
        f"/projects/cases/{case.pk}/items/{item.pk}/request_correction/",
        {"on": "2026-03-03", "reason": "缺营业执照"},
    )
    _one_won_one_told(outcomes)
    item.refresh_from_db()
    assert item.state == ItemState.CORRECTING
    assert ItemPause.objects.filter(item=item).count() == 1  # no orphan from the loser


def test_two_milestone_resumes_on_the_page_one_wins_the_other_is_told(running, monkeypatch):
    milestone, agent = running
    milestone_pause(milestone=milestone, cause=PauseCause.CORRECTION, reason="补正", on=dt.date(2026, 3, 3), by=agent)
    outcomes = _race_pages(
        monkeypatch,
        services,
        agent,
        f"/projects/{milestone.project_id}/milestones/{milestone.pk}/resume/",
        {"on": "2026-03-05"},
    )
    _one_won_one_told(outcomes)
    fresh = Milestone.objects.get(pk=milestone.pk)
    assert fresh.state == MilestoneState.RUNNING and fresh.paused_working_days == 2
    pause = MilestonePause.objects.get(milestone=milestone)  # one pause, closed once
    assert (pause.resumed_on, pause.working_days) == (dt.date(2026, 3, 5), 2)
