"""Electronic supervision: every clock keeps its deadline row; the sweep raises one
alert per level change, never twice, even when two sweeps run at once or one dies
half-way; overdue escalates to the centre's supervisors; the daily digest."""

import datetime as dt
import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from crm.accounts.roles import Role
from crm.calendar.clock import DeadlineLevel, clock_warning_threshold, deadline_level, warn_on
from crm.calendar.workdays import workdays_add
from crm.models import Alert, Deadline, DeadlineState, Delivery, Notification, NotificationKind
from crm.supervision import services as supervision
from crm.supervision.services import digests_send, sweep
from projects.investment.events import MilestoneEvent
from projects.investment.services import milestone_finish, milestone_pause, milestone_resume, project_event_record
from projects.models import PauseCause
from tests.factories import ProjectFactory, ProxyAgentFactory, UserFactory

MON = dt.date(2026, 3, 2)


@pytest.fixture
def agent(db):
    return ProxyAgentFactory(user=UserFactory(username="sv_agent", roles=[Role.AGENT], email="agent@example.com"))


@pytest.fixture
def supervisor(agent):
    return ProxyAgentFactory(
        centre=agent.centre, user=UserFactory(username="sv_supervisor", roles=[Role.SUPERVISOR, Role.AGENT])
    ).user


@pytest.fixture
def permit(agent):
    """The 50-working-day construction permit milestone, started on MON."""
    project = ProjectFactory(agent=agent)
    project_event_record(project=project, event=MilestoneEvent.PROJECT_FILED, on=MON, by=agent.user)
    return project.milestones.get(definition__code="construction_permit")


def deadline_of(subject) -> Deadline:
    return Deadline.objects.get(subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk)


# --- the deadline table follows the clocks ----------------------------------------------------


def test_a_running_clock_has_an_open_deadline_with_its_warning_day(permit, agent):
    deadline = deadline_of(permit)
    assert (deadline.state, deadline.due_date, deadline.owner) == (DeadlineState.OPEN, permit.due_date, agent.user)
    assert deadline.warn_on == workdays_add(permit.due_date, -permit.definition.early_warning_days).date
    assert deadline.centre_key == agent.centre_id and deadline.enterprise_key == permit.project.enterprise_id
    assert deadline.url == f"/projects/{permit.project_id}/" and "施工许可" in deadline.title


def test_pause_resume_and_finish_move_the_deadline_and_bump_its_sequence(permit, agent):
    milestone_pause(
        milestone=permit, cause=PauseCause.CORRECTION, reason="补正", on=MON + dt.timedelta(days=1), by=agent.user
    )
    assert deadline_of(permit).state == DeadlineState.PAUSED
    milestone_resume(milestone=permit, on=MON + dt.timedelta(days=8), by=agent.user)
    permit.refresh_from_db()
    deadline = deadline_of(permit)
    assert (deadline.state, deadline.due_date, deadline.sequence) == (DeadlineState.OPEN, permit.due_date, 2)
    milestone_finish(milestone=permit, on=MON + dt.timedelta(days=9), by=agent.user)
    assert deadline_of(permit).state == DeadlineState.CLOSED


def test_a_share_of_the_limit_can_widen_the_warning(settings, agent):
    settings.SUPERVISION_WARNING_SHARE = 0.2
    project = ProjectFactory(agent=agent)
    project_event_record(project=project, event=MilestoneEvent.PROJECT_FILED, on=MON, by=agent.user)
    permit = project.milestones.get(definition__code="construction_permit")
    assert deadline_of(permit).warn_on == workdays_add(permit.due_date, -10).date  # 20% of 50


@pytest.mark.parametrize("share", [0.0, 0.2])
def test_one_warning_rule_for_the_deadline_table_and_the_pages(settings, agent, share):
    """The warning day the table stores and the level a page shows come from one
    rule (``crm.calendar.clock.warn_on``): they agree on every day of the clock,
    weekends and holidays included."""
    settings.SUPERVISION_WARNING_SHARE = share
    project = ProjectFactory(agent=agent)
    project_event_record(project=project, event=MilestoneEvent.PROJECT_FILED, on=dt.date(2026, 8, 3), by=agent.user)
    permit = project.milestones.get(definition__code="construction_permit")  # across the National Day week
    deadline = deadline_of(permit)
    assert deadline.warn_on == warn_on(permit.due_date, clock_warning_threshold(permit), permit.started_on)
    day = permit.started_on
    while day <= permit.due_date:
        assert (deadline_level(permit, day) == DeadlineLevel.WARNING) == (day >= deadline.warn_on), day
        day += dt.timedelta(days=1)
    assert deadline_level(permit, workdays_add(permit.due_date, 1).date) == DeadlineLevel.OVERDUE


# --- the sweep ---------------------------------------------------------------------------------


def test_each_level_change_raises_one_alert_and_a_second_sweep_nothing(permit, agent, supervisor):
    deadline = deadline_of(permit)
    assert sweep(deadline.warn_on - dt.timedelta(days=1)).alerts == []
    first = sweep(deadline.warn_on)
    assert first.changed == 1 and len(first.alerts) == 1
    assert sweep(deadline.warn_on).alerts == []
    warning = Alert.objects.get(pk=first.alerts[0])
    assert (warning.level, warning.due_date) == (DeadlineLevel.WARNING, deadline.due_date)
    # the warning goes to the agent only, on every channel the agent has
    (note,) = Notification.objects.filter(alert=warning)
    assert note.recipient == agent.user and note.title.startswith("【预警】")
    assert set(note.deliveries.values_list("channel", flat=True)) == {"in_app", "email"}

    overdue_day = deadline.due_date + dt.timedelta(days=1)
    overdue = Alert.objects.get(pk=sweep(overdue_day).alerts[0])
    assert overdue.level == DeadlineLevel.OVERDUE
    recipients = set(Notification.objects.filter(alert=overdue).values_list("recipient__username", flat=True))
    assert recipients == {"sv_agent", "sv_supervisor"}  # overdue escalates to the centre's supervisor
    assert sweep(overdue_day + dt.timedelta(days=3)).alerts == []
    assert Alert.objects.count() == 2


def test_a_paused_deadline_is_not_swept(permit, agent):
    milestone_pause(milestone=permit, cause=PauseCause.CORRECTION, reason="补正", on=MON, by=agent.user)
    assert sweep(deadline_of(permit).due_date + dt.timedelta(days=30)).changed == 0
    assert not Alert.objects.exists()


def test_a_deadline_moved_later_warns_again_for_its_new_date(permit, agent):
    deadline = deadline_of(permit)
    sweep(deadline.warn_on)
    milestone_pause(milestone=permit, cause=PauseCause.CORRECTION, reason="补正", on=deadline.warn_on, by=agent.user)
    milestone_resume(milestone=permit, on=workdays_add(deadline.warn_on, 10).date, by=agent.user)
    moved = deadline_of(permit)
    assert sweep(moved.warn_on - dt.timedelta(days=1)).changed == 1  # back to normal, no alert
    assert Alert.objects.count() == 1
    assert len(sweep(moved.warn_on).alerts) == 1
    assert list(Alert.objects.order_by("pk").values_list("due_date", flat=True)) == [deadline.due_date, moved.due_date]


def _deadlines(owner, count: int, due: dt.date) -> None:
    kind = ContentType.objects.get_for_model(Deadline)
    Deadline.objects.bulk_create(
        Deadline(
            subject_type=kind,
            subject_id=n,
            kind_label="测试",
            title=f"期限{n}",
            owner=owner,
            due_date=due,
            warn_on=due - dt.timedelta(days=2),
        )
        for n in range(1, count + 1)
    )


def test_a_sweep_that_dies_half_way_leaves_nothing_and_the_next_one_does_it_all(agent, monkeypatch):
    _deadlines(agent.user, 20, MON)

    def die(alert_ids):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(supervision, "alerts_notify", die)
    with pytest.raises(RuntimeError):
        sweep(MON + dt.timedelta(days=1))
    assert not Alert.objects.exists() and not Deadline.objects.exclude(level=DeadlineLevel.NORMAL).exists()
    monkeypatch.undo()
    assert len(sweep(MON + dt.timedelta(days=1)).alerts) == 20
    assert Notification.objects.count() == 20


@pytest.mark.django_db(transaction=True)
def test_sweeps_running_at_once_raise_each_alert_exactly_once(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    owner = UserFactory(username="sv_many")
    _deadlines(owner, 300, MON)
    barrier, outcomes, errors = threading.Barrier(4), [], []

    def run():
        try:
            barrier.wait()
            outcomes.append(sweep(MON + dt.timedelta(days=1)))
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sum(len(o.alerts) for o in outcomes) == 300
    assert Alert.objects.count() == 300 and Notification.objects.count() == 300
    assert Delivery.objects.count() == 300


# --- the daily digest --------------------------------------------------------------------------


def test_the_digest_lists_the_centres_overdue_and_warnings_once_a_day(permit, agent, supervisor):
    deadline = deadline_of(permit)
    sweep(deadline.due_date + dt.timedelta(days=1))
    day = deadline.due_date + dt.timedelta(days=1)
    assert digests_send(day) == 1
    assert digests_send(day) == 0
    digest = Notification.objects.get(kind=NotificationKind.DIGEST)
    assert digest.recipient == supervisor and "超时 1 项" in digest.title and permit.project.name in digest.body


def test_the_administrator_sees_levels_and_the_outbox_on_the_system_page(admin_client, permit, agent):
    deadline = deadline_of(permit)
    sweep(deadline.due_date + dt.timedelta(days=1))
    Delivery.objects.filter(channel="email").update(state="failed", last_error="SMTP 拒绝")
    page = admin_client.get("/system/").content.decode()
    section = page[page.index('data-testid="supervision"') :]
    assert '超时 <span class="bad">1</span>' in section
    assert '发送失败 <span class="bad">1</span>' in section and "待发送 1" in section
