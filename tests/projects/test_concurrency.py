"""Two people moving the same milestone at once: one wins, the other is told that
someone else got there first, and nothing half-written remains (PostgreSQL)."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from projects import services
from projects.events import MilestoneEvent
from projects.models import Milestone, MilestonePause, MilestoneState, PauseCause
from tests.factories import ProjectFactory, ProxyAgentFactory, UserFactory


@pytest.fixture
def running(transactional_db):
    agent = ProxyAgentFactory().user
    project = ProjectFactory(agent=agent.agent_profile)
    services.project_event_record(project=project, event=MilestoneEvent.PROJECT_FILED, on=dt.date(2026, 3, 2), by=agent)
    return project.milestones.get(definition__code="construction_permit"), agent


def test_stale_copy_is_refused(running):
    milestone, agent = running
    mine, theirs = Milestone.objects.get(pk=milestone.pk), Milestone.objects.get(pk=milestone.pk)
    services.milestone_pause(milestone=theirs, cause=PauseCause.CORRECTION, reason="补正", on=dt.date(2026, 3, 3), by=agent)
    with pytest.raises(ValidationError) as caught:
        services.milestone_finish(milestone=mine, on=dt.date(2026, 3, 4), by=agent)
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
            services.milestone_pause(milestone=copy, cause=PauseCause.CORRECTION, reason=reason, on=dt.date(2026, 3, 3), by=agent)
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
    from decimal import Decimal

    from projects.models import ApprovalItem, ItemKind, ItemPause, ItemState, OnlineLevel, ProjectItem
    from tests.factories import DepartmentFactory, EnterpriseFactory

    agent = ProxyAgentFactory()
    case = services.case_open(enterprise=EnterpriseFactory(), agent=agent, channel="phone", summary="咨询", by=agent.user,
                              on=dt.date(2026, 3, 2))
    approval = ApprovalItem.objects.create(
        code="CC-1", name="并发事项", department=DepartmentFactory(), legal_basis="依据", kind=ItemKind.COMMITTED,
        statutory_days=10, committed_days=5, fee=Decimal(0), online_level=OnlineLevel.FULLY_ONLINE,
    )
    (item,) = services.case_items_choose(case=case, approval_items=[approval], by=agent.user)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def move(action: str) -> None:
        copy = ProjectItem.objects.select_related("case__agent", "approval_item").get(pk=item.pk)
        barrier.wait()
        try:
            if action == "correct":
                services.item_request_correction(item=copy, reason="补正", on=dt.date(2026, 3, 3), by=agent.user)
            else:
                services.item_pass_prereview(item=copy, on=dt.date(2026, 3, 3), by=agent.user)
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
