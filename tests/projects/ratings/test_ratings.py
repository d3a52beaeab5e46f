"""Ratings of closed cases (好差评) and callbacks (回访): the rules, the random phone
sample (一事一评电话回访), the monthly task, the pages and who may open them."""

import datetime as dt
import importlib
from collections import Counter
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agents.models import ServiceCentre
from crm.accounts.roles import Role
from crm.audit.models import AuditEntry
from crm.calendar.workdays import workdays_add, workdays_between
from projects.cases.services import case_authorise
from projects.models import (
    Callback,
    CallbackDraw,
    CallbackKind,
    CallbackOutcome,
    CallbackState,
    Rating,
    RatingLevel,
)
from projects.ratings.selectors import rating_figures
from projects.ratings.services import (
    callback_call_record,
    callback_close,
    callback_rectification_record,
    callbacks_sample_draw,
    case_rate,
    month_period,
    previous_month,
    sample_pick,
)
from projects.ratings.tasks import callbacks_sample_monthly
from tests.factories import (
    EnterpriseContactFactory,
    EnterpriseFactory,
    ProxyAgentFactory,
    ServiceCentreFactory,
    SupervisorFactory,
    UserFactory,
)
from tests.projects.ratings.scenario import (
    CLOSED_ON,
    closed_case,
    open_case,
)

pytestmark = pytest.mark.django_db

RATED_ON = dt.date(2026, 3, 20)


@pytest.fixture
def supervisor(centre):
    return SupervisorFactory(centre=centre)


@pytest.fixture
def enterprise():
    return EnterpriseFactory()


@pytest.fixture
def contact(enterprise):
    return EnterpriseContactFactory(enterprise=enterprise).user


@pytest.fixture
def case(agent, enterprise):
    return closed_case(agent=agent, enterprise=enterprise)


def rate(case, by, level=RatingLevel.UNSATISFIED, on=RATED_ON, **kwargs) -> Rating:
    return case_rate(case=case, level=level, by=by, on=on, **kwargs)


# --- rating ----------------------------------------------------------------------------


def test_contact_rates_a_closed_case_once(case, contact):
    rating = rate(case, contact, RatingLevel.SATISFIED, comment="代办员很负责")
    assert (rating.level, rating.rated_by, rating.comment) == (RatingLevel.SATISFIED, contact, "代办员很负责")
    entry = AuditEntry.objects.get(event="rating.submitted", subject_id=str(rating.pk))
    assert (
        entry.actor == contact and entry.after["level"] == RatingLevel.SATISFIED and entry.after["case"] == case.number
    )
    with pytest.raises(ValidationError) as caught:
        rate(case, contact, RatingLevel.VERY_SATISFIED)
    assert caught.value.code == "rating_already_rated"
    assert "只能评价一次" in caught.value.messages[0]
    assert Rating.objects.filter(case=case).count() == 1


def test_only_a_closed_case_can_be_rated(agent, enterprise, contact):
    intake = open_case(agent=agent, enterprise=enterprise)
    authorised = open_case(agent=agent, enterprise=enterprise)
    case_authorise(case=authorised, signed_on=dt.date(2026, 3, 2), signatory="张总", scope="代办", by=agent.user)
    for case in (intake, authorised):
        with pytest.raises(ValidationError) as caught:
            rate(case, contact)
        assert caught.value.code == "rating_not_closed" and "办结后才能评价" in caught.value.messages[0]
    assert not Rating.objects.exists() and not Callback.objects.exists()


def test_rating_date_cannot_precede_closure_or_lie_in_the_future(case, contact):
    with pytest.raises(ValidationError) as caught:
        rate(case, contact, on=CLOSED_ON - dt.timedelta(days=1))
    assert caught.value.code == "rating_before_closure"
    with pytest.raises(ValidationError):
        rate(case, contact, on=timezone.localdate() + dt.timedelta(days=1))


def test_only_a_contact_of_the_cases_enterprise_rates_it(case, agent, supervisor):
    outsiders = [
        EnterpriseContactFactory().user,
        agent.user,
        supervisor.user,
        UserFactory(roles=[Role.ADMINISTRATOR]),
        UserFactory(),
    ]
    for outsider in outsiders:
        with pytest.raises(PermissionDenied):
            rate(case, outsider)
    assert not Rating.objects.exists()


def test_rating_level_must_be_one_of_the_five(case, contact):
    for level in (0, 6, "", None, "满意"):
        with pytest.raises(ValidationError) as caught:
            rate(case, contact, level)
        assert caught.value.code == "rating_level_invalid"


@pytest.mark.parametrize(
    ("level", "opens"),
    [
        (RatingLevel.VERY_SATISFIED, False),
        (RatingLevel.SATISFIED, False),
        (RatingLevel.FAIRLY_SATISFIED, True),
        (RatingLevel.UNSATISFIED, True),
        (RatingLevel.VERY_UNSATISFIED, True),
    ],
)
def test_every_rating_below_satisfied_opens_a_callback(case, contact, supervisor, level, opens):
    rating = rate(case, contact, level)
    assert Callback.objects.filter(case=case).exists() == opens
    if opens:
        callback = Callback.objects.get(case=case)
        assert (callback.kind, callback.rating, callback.state) == (
            CallbackKind.UNSATISFIED,
            rating,
            CallbackState.OPEN,
        )


def test_a_dimension_below_satisfied_opens_a_callback_too(case, contact):
    rating = rate(case, contact, RatingLevel.VERY_SATISFIED, dimensions={"speed": RatingLevel.FAIRLY_SATISFIED})
    assert rating.speed == RatingLevel.FAIRLY_SATISFIED and rating.attitude is None
    assert Callback.objects.get(case=case).rating == rating


def test_satisfied_dimensions_open_no_callback(case, contact):
    rate(case, contact, RatingLevel.SATISFIED, dimensions={name: 5 for name in ("attitude", "speed", "integrity")})
    assert not Callback.objects.exists()


def test_callback_goes_to_the_supervisor_with_a_working_day_deadline(agent, enterprise, contact, supervisor, settings):
    settings.CALLBACK_RECTIFICATION_WORKING_DAYS = 10
    case = closed_case(agent=agent, enterprise=enterprise, on=dt.date(2026, 9, 29))
    rate(case, contact, on=dt.date(2026, 9, 30))
    callback = Callback.objects.get(case=case)
    assert callback.assigned_to == supervisor
    assert (callback.started_on, callback.target_working_days) == (dt.date(2026, 9, 30), 10)
    # National Day (1–7 October) does not count: Monday–Friday would say 14 October.
    assert callback.due_date == workdays_add(dt.date(2026, 9, 30), 10).date == dt.date(2026, 10, 20)
    assert workdays_between(callback.started_on, callback.due_date).days == 10
    entry = AuditEntry.objects.get(event="callback.opened", subject_id=str(callback.pk))
    assert entry.after["kind"] == "unsatisfied" and entry.after["due_date"] == "2026-10-20"


def test_rectification_days_are_a_setting(case, contact, settings):
    settings.CALLBACK_RECTIFICATION_WORKING_DAYS = 5
    rate(case, contact)
    callback = Callback.objects.get(case=case)
    assert callback.target_working_days == 5 and callback.due_date == workdays_add(RATED_ON, 5).date


def test_callback_falls_back_to_the_case_agent_without_a_supervisor(case, contact, centre):
    SupervisorFactory(centre=ServiceCentreFactory())  # another centre's supervisor is no help
    inactive = SupervisorFactory(centre=centre)
    inactive.is_active = False
    inactive.save()
    rate(case, contact)
    assert Callback.objects.get(case=case).assigned_to == case.agent


# --- callbacks -------------------------------------------------------------------------


@pytest.fixture
def callback(case, contact, supervisor):
    rate(case, contact, RatingLevel.UNSATISFIED, comment="材料反复退回")
    return Callback.objects.get(case=case)


def call(callback, by, on=dt.date(2026, 3, 23)):
    return callback_call_record(callback=callback, on=on, person="王经理", summary="企业反映材料被退回两次", by=by)


def rectify(callback, by, on=dt.date(2026, 3, 25)):
    return callback_rectification_record(callback=callback, on=on, rectification="约谈代办员，一次性告知补齐", by=by)


def test_callback_cannot_close_without_call_rectification_and_outcome(callback, supervisor):
    by = supervisor.user
    with pytest.raises(ValidationError) as caught:
        callback_close(callback=callback, outcome=None, on=dt.date(2026, 3, 26), by=by)
    message = caught.value.messages[0]
    assert caught.value.code == "callback_incomplete"
    assert "回访记录" in message and "整改情况" in message and "回访结果" in message

    call(callback, by)
    with pytest.raises(ValidationError) as caught:
        callback_close(callback=callback, outcome=CallbackOutcome.SATISFIED, on=dt.date(2026, 3, 26), by=by)
    message = caught.value.messages[0]
    assert "整改情况" in message and "回访记录" not in message and "回访结果" not in message

    rectify(callback, by)
    with pytest.raises(ValidationError) as caught:
        callback_close(callback=callback, outcome="", on=dt.date(2026, 3, 26), by=by)
    message = caught.value.messages[0]
    assert "回访结果" in message and "整改情况" not in message

    callback_close(callback=callback, outcome=CallbackOutcome.SATISFIED, on=dt.date(2026, 3, 26), by=by)
    callback.refresh_from_db()
    assert (callback.state, callback.outcome, callback.closed_on) == (
        CallbackState.CLOSED,
        CallbackOutcome.SATISFIED,
        dt.date(2026, 3, 26),
    )
    assert callback.on_time is True


def test_each_step_needs_its_facts(callback, supervisor):
    by = supervisor.user
    cases = [
        ({"on": None, "person": "王经理", "summary": "反映问题"}, "callback_date_required"),
        ({"on": dt.date(2026, 3, 23), "person": " ", "summary": "反映问题"}, "callback_person_required"),
        ({"on": dt.date(2026, 3, 23), "person": "王经理", "summary": ""}, "callback_summary_required"),
        ({"on": dt.date(2026, 3, 19), "person": "王经理", "summary": "反映问题"}, "callback_date_before_opening"),
    ]
    for kwargs, code in cases:
        with pytest.raises(ValidationError) as caught:
            callback_call_record(callback=callback, by=by, **kwargs)
        assert caught.value.code == code
    call(callback, by)
    with pytest.raises(ValidationError) as caught:
        callback_rectification_record(callback=callback, on=dt.date(2026, 3, 25), rectification="  ", by=by)
    assert caught.value.code == "callback_rectification_required"
    callback.refresh_from_db()
    assert callback.state == CallbackState.CALLED and callback.rectification == ""


def test_illegal_callback_step_names_what_is_allowed(callback, supervisor):
    by = supervisor.user
    with pytest.raises(ValidationError) as caught:
        rectify(callback, by)
    message = caught.value.messages[0]
    assert caught.value.code == "transition_not_allowed"
    assert "待回访" in message and "记录整改" in message and "当前可执行的操作：记录回访" in message
    call(callback, by)
    rectify(callback, by)
    callback_close(callback=callback, outcome=CallbackOutcome.UNSATISFIED, on=dt.date(2026, 3, 26), by=by)
    with pytest.raises(ValidationError) as caught:
        call(callback, by)
    assert "已办结" in caught.value.messages[0] and "当前可执行的操作：无" in caught.value.messages[0]


def test_every_callback_transition_is_audited(callback, supervisor):
    by = supervisor.user
    call(callback, by)
    rectify(callback, by)
    callback_close(callback=callback, outcome=CallbackOutcome.SATISFIED, on=dt.date(2026, 3, 26), by=by)
    entries = list(
        AuditEntry.objects.filter(subject_type__model="callback", subject_id=str(callback.pk)).order_by("id")
    )
    assert [e.event for e in entries] == ["callback.opened", "callback.called", "callback.rectified", "callback.closed"]
    assert [(e.before.get("state"), e.after.get("state")) for e in entries[1:]] == [
        ("open", "called"),
        ("called", "rectified"),
        ("rectified", "closed"),
    ]
    assert entries[1].after["called_person"] == "王经理" and entries[1].actor == by
    assert entries[3].after["outcome"] == "satisfied" and entries[3].effective_on == dt.date(2026, 3, 26)


def test_closing_after_the_deadline_is_late(callback, supervisor):
    by = supervisor.user
    call(callback, by)
    rectify(callback, by)
    late = workdays_add(callback.due_date, 1).date
    callback_close(callback=callback, outcome=CallbackOutcome.SATISFIED, on=late, by=by)
    assert callback.on_time is False


def test_only_the_centres_supervisor_or_an_administrator_works_a_callback(callback, centre, case):
    outsiders = [
        case.agent.user,  # the agent whose work was rated
        ProxyAgentFactory(centre=centre).user,
        SupervisorFactory(centre=ServiceCentreFactory()).user,
        EnterpriseContactFactory(enterprise=case.enterprise).user,
        UserFactory(roles=[Role.ZONE_COMMITTEE]),
    ]
    for outsider in outsiders:
        with pytest.raises(PermissionDenied):
            call(callback, outsider)
    callback.refresh_from_db()
    assert callback.state == CallbackState.OPEN
    second_supervisor = SupervisorFactory(centre=centre)
    call(callback, second_supervisor.user)
    rectify(callback, UserFactory(roles=[Role.ADMINISTRATOR]))
    assert callback.state == CallbackState.RECTIFIED


def test_the_fallback_agent_works_the_callback_assigned_to_them(case, contact):
    rate(case, contact)
    callback = Callback.objects.get(case=case)
    assert callback.assigned_to == case.agent
    call(callback, case.agent.user)
    assert callback.state == CallbackState.CALLED


def test_a_stale_copy_is_refused(callback, supervisor):
    stale = Callback.objects.get(pk=callback.pk)
    call(callback, supervisor.user)
    with pytest.raises(ValidationError) as caught:
        call(stale, supervisor.user)
    assert caught.value.code == "concurrent_change"
    assert AuditEntry.objects.filter(event="callback.called").count() == 1


# --- the random phone sample --------------------------------------------------------------


def test_sample_pick_is_reproducible_and_rounds_up():
    population = list(range(100, 125))
    first = sample_pick(population, share=Decimal("0.10"), seed="2026-10")
    assert first == sample_pick(population, share=Decimal("0.10"), seed="2026-10")
    assert len(first) == 3 and first == sorted(first) and set(first) <= set(population)  # ceil(2.5)
    picks = {tuple(sample_pick(population, share=Decimal("0.10"), seed=f"s{n}")) for n in range(20)}
    assert len(picks) > 10
    assert sample_pick([7], share=Decimal("0.10"), seed="x") == [7]
    assert sample_pick([], share=Decimal("0.10"), seed="x") == []
    assert sample_pick(population, share=Decimal(1), seed="x") == population


@pytest.mark.parametrize(("size", "share"), [(20, Decimal("0.10")), (8, Decimal("0.25"))])
def test_sample_pick_is_fair_over_many_seeds(size, share):
    population = list(range(size))
    seeds = 1000
    counts = Counter()
    for n in range(seeds):
        counts.update(sample_pick(population, share=share, seed=f"seed-{n}"))
    for member in population:
        # share ± 0.04: more than four standard deviations at 1000 draws
        assert abs(counts[member] / seeds - float(share)) < 0.04, (member, counts[member])


@pytest.fixture
def october(agent, enterprise, supervisor):
    """Twenty cases closed in October, one in September, one in November, one open."""
    days = [dt.date(2026, 10, 1) + dt.timedelta(days=n) for n in range(20)]
    cases = [closed_case(agent=agent, enterprise=enterprise, on=day, start=dt.date(2026, 9, 1)) for day in days]
    closed_case(agent=agent, enterprise=enterprise, on=dt.date(2026, 9, 30), start=dt.date(2026, 9, 1))
    closed_case(agent=agent, enterprise=enterprise, on=dt.date(2026, 11, 2), start=dt.date(2026, 9, 1))
    open_case(agent=agent, enterprise=enterprise, on=dt.date(2026, 10, 5))
    return cases


class Rollback(Exception):
    pass


def drawn_numbers(seed: str, share=Decimal("0.10")) -> list[str]:
    """Draw and undo, so the same draw can be made again on the same data."""
    numbers = []
    with pytest.raises(Rollback), transaction.atomic():
        draw = callbacks_sample_draw(
            share=share, seed=seed, by=None, closed_since=dt.date(2026, 10, 1), closed_until=dt.date(2026, 10, 31)
        )
        numbers.extend(draw.callbacks.order_by("case_id").values_list("case__number", flat=True))
        raise Rollback
    return numbers


def test_draw_is_reproducible_with_the_same_seed(october):
    first = drawn_numbers("audit-2026-10")
    assert len(first) == 2
    assert drawn_numbers("audit-2026-10") == first
    expected = sample_pick(sorted(october, key=lambda c: c.pk), share=Decimal("0.10"), seed="audit-2026-10")
    assert first == [case.number for case in expected]
    assert any(drawn_numbers(f"other-{n}") != first for n in range(5))


def test_draw_opens_phone_callbacks_and_records_seed_and_cases(october, supervisor):
    draw = callbacks_sample_draw(
        share=Decimal("0.10"),
        seed="2026-10",
        by=None,
        closed_since=dt.date(2026, 10, 1),
        closed_until=dt.date(2026, 10, 31),
    )
    callbacks = list(draw.callbacks.select_related("case"))
    assert draw.population == 20 and len(callbacks) == 2
    for callback in callbacks:
        assert (callback.kind, callback.state, callback.assigned_to) == (
            CallbackKind.SAMPLE,
            CallbackState.OPEN,
            supervisor,
        )
        assert dt.date(2026, 10, 1) <= callback.case.closed_on <= dt.date(2026, 10, 31)
        assert callback.due_date == workdays_add(callback.started_on, 10).date
    entry = AuditEntry.objects.get(event="callback.sample_drawn")
    assert entry.after["seed"] == "2026-10" and entry.actor is None
    assert entry.after["cases"] == [c.case.number for c in sorted(callbacks, key=lambda c: c.case_id)]
    assert AuditEntry.objects.filter(event="callback.opened", after__kind="sample").count() == 2


def test_draw_skips_cases_that_already_have_a_callback(october, contact):
    rated = october[:5]
    for case in rated:
        rate(case, contact, RatingLevel.UNSATISFIED, on=case.closed_on)
    draw = callbacks_sample_draw(
        share=Decimal("0.50"), seed="s", by=None, closed_since=dt.date(2026, 10, 1), closed_until=dt.date(2026, 10, 31)
    )
    drawn = set(draw.callbacks.values_list("case_id", flat=True))
    assert draw.population == 15 and len(drawn) == 8
    assert not drawn & {case.pk for case in rated}


def test_drawing_again_with_the_same_seed_changes_nothing(october):
    period = {"closed_since": dt.date(2026, 10, 1), "closed_until": dt.date(2026, 10, 31)}
    first = callbacks_sample_draw(share=Decimal("0.10"), seed="2026-10", by=None, **period)
    again = callbacks_sample_draw(share=Decimal("0.30"), seed="2026-10", by=None, **period)
    assert again == first and Callback.objects.count() == 2 and CallbackDraw.objects.count() == 1
    with pytest.raises(ValidationError) as caught:
        callbacks_sample_draw(
            share=Decimal("0.10"),
            seed="2026-10",
            by=None,
            closed_since=dt.date(2026, 9, 1),
            closed_until=dt.date(2026, 9, 30),
        )
    assert caught.value.code == "callback_seed_used"


def test_draw_input_is_checked(october, supervisor):
    period = {"closed_since": dt.date(2026, 10, 1), "closed_until": dt.date(2026, 10, 31)}
    for share in (Decimal(0), Decimal("1.5"), "abc"):
        with pytest.raises(ValidationError) as caught:
            callbacks_sample_draw(share=share, seed="x", by=None, **period)
        assert caught.value.code == "callback_share_range"
    with pytest.raises(ValidationError) as caught:
        callbacks_sample_draw(
            share=Decimal("0.1"),
            seed="x",
            by=None,
            closed_since=dt.date(2026, 10, 31),
            closed_until=dt.date(2026, 10, 1),
        )
    assert caught.value.code == "callback_period_invalid"
    with pytest.raises(PermissionDenied):
        callbacks_sample_draw(share=Decimal("0.1"), seed="x", by=supervisor.user, **period)
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    draw = callbacks_sample_draw(share=Decimal("0.1"), seed="x", by=admin, **period)
    assert draw.drawn_by == admin
    assert not CallbackDraw.objects.exclude(pk=draw.pk).exists()


# --- the monthly task ---------------------------------------------------------------------


def test_month_arithmetic():
    assert previous_month(dt.date(2026, 11, 24)) == "2026-10"
    assert previous_month(dt.date(2027, 1, 1)) == "2026-12"
    assert month_period("2026-10") == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert month_period("2028-02") == (dt.date(2028, 2, 1), dt.date(2028, 2, 29))


def test_monthly_task_draws_a_month_once(october, settings):
    settings.PHONE_CALLBACK_SHARE = "0.10"
    result = callbacks_sample_monthly(month="2026-10")
    assert result == {"seed": "2026-10", "population": 20, "drawn": 2}
    drawn = set(Callback.objects.values_list("case_id", flat=True))
    assert callbacks_sample_monthly(month="2026-10") == result
    assert set(Callback.objects.values_list("case_id", flat=True)) == drawn
    assert CallbackDraw.objects.count() == 1
    assert AuditEntry.objects.filter(event="callback.sample_drawn").count() == 1


def test_monthly_task_defaults_to_last_month(settings):
    settings.PHONE_CALLBACK_SHARE = "0.10"
    result = callbacks_sample_monthly()
    assert result["seed"] == previous_month(timezone.localdate())
    draw = CallbackDraw.objects.get()
    assert (draw.closed_since, draw.closed_until) == month_period(result["seed"])


def test_monthly_task_is_registered_and_scheduled():
    from django_celery_beat.models import PeriodicTask

    from crm.celery import app

    app.loader.import_default_modules()
    assert "projects.tasks.callbacks_sample_monthly" in app.tasks
    migration = importlib.import_module("projects.migrations.0006_ratings_callbacks")
    PeriodicTask.objects.filter(name=migration.MONTHLY_DRAW).delete()
    migration.schedule_monthly_draw(django_apps, None)
    scheduled = PeriodicTask.objects.get(name=migration.MONTHLY_DRAW)
    assert scheduled.task in app.tasks
    assert (scheduled.crontab.day_of_month, scheduled.crontab.hour) == ("1", "3")


# --- figures -----------------------------------------------------------------------------


def test_figures_count_levels_and_callback_closure_per_centre(agent, enterprise, contact, supervisor, centre):
    other_centre = ServiceCentreFactory()
    other_agent = ProxyAgentFactory(centre=other_centre)
    levels = [5, 5, 4, 3, 2, 1]
    cases = [closed_case(agent=agent, enterprise=enterprise) for _ in levels]
    for case, level in zip(cases, levels):
        rate(case, contact, level)
    rate(closed_case(agent=other_agent, enterprise=enterprise), contact, 1)
    on_time, late, _open = Callback.objects.filter(case__agent=agent).order_by("pk")
    for callback, closed_on in ((on_time, dt.date(2026, 3, 26)), (late, workdays_add(late.due_date, 1).date)):
        call(callback, supervisor.user)
        rectify(callback, supervisor.user)
        callback_close(callback=callback, outcome=CallbackOutcome.SATISFIED, on=closed_on, by=supervisor.user)

    today = timezone.localdate()
    with CaptureQueriesContext(connection) as queries:
        figures = rating_figures(ServiceCentre.objects.filter(pk__in=[centre.pk, other_centre.pk]), today=today)
    assert len(queries) == 3
    by_centre = {f.centre: f for f in figures}
    mine = by_centre[centre]
    assert mine.levels == {5: 2, 4: 1, 3: 1, 2: 1, 1: 1} and mine.ratings == 6
    assert (mine.satisfied_share, mine.bad_share) == (Decimal("50.0"), Decimal("33.3"))
    assert (mine.callbacks_on_time, mine.callbacks_late, mine.callbacks_open, mine.callbacks_open_overdue) == (
        1,
        1,
        1,
        1,
    )
    assert mine.closure_rate == Decimal("66.7") and mine.on_time_rate == Decimal("33.3")
    theirs = by_centre[other_centre]
    assert theirs.levels[1] == 1 and theirs.callbacks_open == 1 and theirs.callbacks_on_time == 0


def test_figures_take_three_queries_however_many_centres():
    centres = [ServiceCentreFactory() for _ in range(5)]
    for centre in centres:
        enterprise = EnterpriseFactory()
        case = closed_case(agent=ProxyAgentFactory(centre=centre), enterprise=enterprise)
        rate(case, EnterpriseContactFactory(enterprise=enterprise).user, RatingLevel.UNSATISFIED)
    with CaptureQueriesContext(connection) as queries:
        figures = rating_figures(ServiceCentre.objects.all(), today=timezone.localdate())
    assert len(queries) == 3 and sum(f.callbacks_open for f in figures) == 5


# --- pages and who may open them ---------------------------------------------------------------

ROLES = [
    "agent_owner",
    "agent_other",
    "supervisor",
    "supervisor_b",
    "enterprise_own",
    "enterprise_other",
    "zone",
    "editor",
    "admin",
]


def test_anonymous_is_sent_to_sign_in(client, ratings_world):
    world = ratings_world
    rate(world.case, world.users["enterprise_own"])
    callback = Callback.objects.get()
    for method, url in [
        ("get", "/projects/enterprise/ratings/"),
        ("post", f"/projects/enterprise/ratings/{world.case.pk}/"),
        ("get", "/projects/callbacks/"),
        ("post", f"/projects/callbacks/{callback.pk}/call/"),
        ("post", f"/projects/callbacks/{callback.pk}/rectification/"),
        ("post", f"/projects/callbacks/{callback.pk}/close/"),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url


RATINGS_PAGE = {
    "enterprise_own": 200,
    "enterprise_other": 200,
    **{role: 403 for role in ROLES if not role.startswith("enterprise")},
}


@pytest.mark.parametrize("username", ROLES)
def test_ratings_page_is_for_enterprise_contacts_and_shows_their_own_cases(client, ratings_world, username):
    client.force_login(ratings_world.users[username])
    response = client.get("/projects/enterprise/ratings/")
    assert response.status_code == RATINGS_PAGE[username]
    if response.status_code == 200:
        shown = ratings_world.case.number in response.content.decode()
        assert shown == (username == "enterprise_own")


@pytest.mark.parametrize("username", ROLES)
def test_only_the_own_contact_can_post_a_rating(client, ratings_world, username):
    client.force_login(ratings_world.users[username])
    response = client.post(f"/projects/enterprise/ratings/{ratings_world.case.pk}/", {"level": "2"})
    if username == "enterprise_own":
        assert response.status_code == 302
        assert Rating.objects.get().level == RatingLevel.UNSATISFIED
    else:
        assert response.status_code == 404
        assert not Rating.objects.exists()


def test_contact_rates_from_the_page_and_sees_the_rating(client, ratings_world):
    client.force_login(ratings_world.users["enterprise_own"])
    page = client.get("/projects/enterprise/ratings/").content.decode()
    assert 'data-testid="rating-form"' in page and "非常不满意" in page and "廉洁审批度" in page
    response = client.post(
        f"/projects/enterprise/ratings/{ratings_world.case.pk}/",
        {"level": "3", "speed": "2", "attitude": "", "comment": "审批慢"},
        follow=True,
    )
    text = response.content.decode()
    assert "代办中心负责人将与您电话联系" in text
    assert 'data-testid="rating-given"' in text and "基本满意" in text and "审批速度" in text and "审批慢" in text
    rating = Rating.objects.get()
    assert (rating.level, rating.speed, rating.attitude) == (3, 2, None)
    response = client.post(f"/projects/enterprise/ratings/{ratings_world.case.pk}/", {"level": "5"}, follow=True)
    assert "只能评价一次" in response.content.decode()
    response = client.post(f"/projects/enterprise/ratings/{ratings_world.case.pk}/", {"level": "9"}, follow=True)
    assert Rating.objects.count() == 1


def test_posting_a_rating_for_an_open_own_case_says_why_not(client, ratings_world):
    case = open_case(agent=ratings_world.agent_owner, enterprise=ratings_world.enterprise)
    client.force_login(ratings_world.users["enterprise_own"])
    response = client.post(f"/projects/enterprise/ratings/{case.pk}/", {"level": "2"}, follow=True)
    assert "案件办结后才能评价" in response.content.decode() and not Rating.objects.exists()


CALLBACKS_PAGE = {
    "agent_owner": (200, False),
    "agent_other": (200, False),
    "supervisor": (200, True),
    "supervisor_b": (200, False),
    "enterprise_own": (403, False),
    "enterprise_other": (403, False),
    "zone": (403, False),
    "editor": (403, False),
    "admin": (200, True),
}


@pytest.mark.parametrize("username", ROLES)
def test_callbacks_page_shows_the_centres_callbacks(client, ratings_world, username):
    rate(ratings_world.case, ratings_world.users["enterprise_own"])
    client.force_login(ratings_world.users[username])
    response = client.get("/projects/callbacks/")
    status, listed = CALLBACKS_PAGE[username]
    assert response.status_code == status
    if status == 200:
        assert (f'data-callback="{ratings_world.case.number}"' in response.content.decode()) == listed


@pytest.mark.parametrize("username", ROLES)
@pytest.mark.parametrize("step", ["call", "rectification", "close"])
def test_callback_steps_are_404_outside_scope(client, ratings_world, username, step):
    rate(ratings_world.case, ratings_world.users["enterprise_own"])
    callback = Callback.objects.get()
    client.force_login(ratings_world.users[username])
    response = client.post(
        f"/projects/callbacks/{callback.pk}/{step}/",
        {"on": "2026-03-23", "person": "王经理", "summary": "回访", "rectification": "整改", "outcome": "satisfied"},
    )
    allowed = username in ("supervisor", "admin")
    assert response.status_code == (302 if allowed else 404)
    callback.refresh_from_db()
    if not allowed:
        assert callback.state == CallbackState.OPEN and callback.called_on is None


def test_supervisor_works_a_callback_through_the_page(client, ratings_world):
    rate(ratings_world.case, ratings_world.users["enterprise_own"], comment="材料反复退回")
    callback = Callback.objects.get()
    client.force_login(ratings_world.users["supervisor"])
    page = client.get("/projects/callbacks/").content.decode()
    assert "材料反复退回" in page and 'data-step="call"' in page and 'data-testid="rating-figures"' in page
    url = f"/projects/callbacks/{callback.pk}"

    response = client.post(f"{url}/close/", {"outcome": "satisfied", "on": "2026-03-26"}, follow=True)
    text = response.content.decode()
    assert "回访还不能办结" in text and "回访记录" in text and "整改情况" in text

    response = client.post(f"{url}/rectification/", {"on": "2026-03-25", "rectification": "整改"}, follow=True)
    assert "不能执行“记录整改”" in response.content.decode() and "记录回访" in response.content.decode()

    client.post(f"{url}/call/", {"on": "2026-03-23", "person": "王经理", "summary": "企业反映材料被退回"})
    client.post(f"{url}/rectification/", {"on": "2026-03-25", "rectification": "约谈代办员"})
    response = client.post(f"{url}/close/", {"outcome": "satisfied", "on": "2026-03-26"}, follow=True)
    assert "已保存" in response.content.decode()
    callback.refresh_from_db()
    assert callback.state == CallbackState.CLOSED
    closed_table = response.content.decode().split('data-testid="closed-callbacks"')[1]
    assert ratings_world.case.number in closed_table and "按时" in closed_table

    response = client.post(f"{url}/call/", {"on": "not-a-date", "person": "王经理", "summary": "x"}, follow=True)
    assert "回访日期" in response.content.decode()


def test_callbacks_page_query_count_does_not_grow_with_rows(client, ratings_world, settings):
    settings.WORKDAYS_REFRESH_SECONDS = 3600  # no calendar revision check inside one measurement only
    world = ratings_world
    contact = world.users["enterprise_own"]
    rate(world.case, contact)
    client.force_login(world.users["supervisor"])
    with CaptureQueriesContext(connection) as one:
        assert client.get("/projects/callbacks/").status_code == 200
    for _ in range(4):
        rate(closed_case(agent=world.agent_owner, enterprise=world.enterprise), contact)
    closed = Callback.objects.order_by("pk").first()
    call(closed, world.supervisor.user)
    rectify(closed, world.supervisor.user)
    callback_close(callback=closed, outcome="satisfied", on=dt.date(2026, 3, 26), by=world.supervisor.user)
    with CaptureQueriesContext(connection) as five:
        response = client.get("/projects/callbacks/")
    assert response.content.decode().count("data-callback=") == 5
    assert len(five) == len(one)


def test_ratings_page_query_count_does_not_grow_with_rows(client, ratings_world):
    world = ratings_world
    client.force_login(world.users["enterprise_own"])
    with CaptureQueriesContext(connection) as one:
        client.get("/projects/enterprise/ratings/")
    rate(world.case, world.users["enterprise_own"], RatingLevel.SATISFIED)
    for _ in range(3):
        closed_case(agent=world.agent_owner, enterprise=world.enterprise)
    with CaptureQueriesContext(connection) as four:
        response = client.get("/projects/enterprise/ratings/")
    assert response.content.decode().count('class="rating-case"') == 4
    assert len(four) == len(one)


def test_callbacks_page_lists_open_callbacks_by_deadline(client, ratings_world):
    world = ratings_world
    contact = world.users["enterprise_own"]
    later = closed_case(agent=world.agent_owner, enterprise=world.enterprise)
    rate(later, contact, on=dt.date(2026, 4, 20))
    rate(world.case, contact, on=dt.date(2026, 3, 20))
    client.force_login(world.users["supervisor"])
    table = client.get("/projects/callbacks/").content.decode().split('data-testid="open-callbacks"')[1]
    assert table.index(world.case.number) < table.index(later.number)


def test_admin_shows_ratings_and_callbacks_read_only(client, ratings_world):
    rate(ratings_world.case, ratings_world.users["enterprise_own"])
    client.force_login(ratings_world.users["admin"])
    callback = Callback.objects.get()
    for url in (
        "/admin/projects/rating/",
        "/admin/projects/callback/",
        f"/admin/projects/callback/{callback.pk}/change/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/projects/callback/add/").status_code == 403
