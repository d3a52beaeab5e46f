"""A hand-counted world for the dashboards (2026, around 清明: 04-04 to 04-06 off).

Centre C1 (zone Z1) and centre C2; departments A (items A1, A2) and B (item B1).
The league table of April 2026 (decided 04-01 to 04-30), today 2026-05-11:

item  centre zone dept started committed pause(s)               due    decided state     gov
 1    C1     Z1   A1   03-30   5         -                      04-07  04-07   approved  5  on time
 2    C1     Z1   A1   04-01   5         enterprise 04-03→04-09 (3) 04-14 04-16 approved  7  late
 3    C1     Z1   A2   04-20   3         -                      04-23  04-22   approved  2  on time
 4    C1     Z1   A2   04-27   3         -                      04-30  05-06   approved  (May: not counted)
 5    C1     Z1   A2   04-13   3         -                      04-16  -       in_review overdue now
 6    C1     Z1   A1   04-13   3         enterprise since 04-15  04-16  -       returned  (paused: not overdue)
 7    C1     Z1   B1   04-27   2         government 04-28→04-29  04-29  04-30   approved  3  late
 8    C2     Z1   A1   04-07   5         -                      04-14  04-13   approved  4  on time
 9    C1     Z2   B1   04-13   5         -                      04-20  04-15   approved  2  on time
10    C1     Z1   A1   03-02   5         -                      03-09  03-05   delivered 04-02, zero trips
11    C1     Z1   B1   03-02   5         -                      03-09  03-04   delivered 04-03, one trip

A1 and A2 are fully online (全程网办), B1 is handled at the window.

Ratings (rated in April unless said): case1 5 (非常满意), case1b 2 (不满意), case3 (zone 2) 4,
case2 (centre 2) 1, and one more of centre 1 rated 2026-03-20 (3). Callbacks of centre 1:
case1b's closed 04-10, due 04-14 (on time); another closed 04-20, due 04-15 (late); one open,
due 05-06 (overdue today); centre 2's closed 04-10 late (not counted for centre 1).

Milestones of kind D (target 5):
 m1 C1 Z1 started 03-02 due 03-09 finished 03-06 on time: gov 4, enterprise 0
 m2 C1 Z1 started 03-23, enterprise pause 03-25→03-27 (2), due 04-01, finished 04-08 late: gov 9, enterprise 2
 m3 C1 Z1 started 04-20 due 04-27 (provisional), running
 m4 C2 Z2 started 03-02 due 03-09 finished 03-10 late
"""

import datetime as dt
import itertools
from types import SimpleNamespace

from crm.calendar.clock import PauseCause
from crm.calendar.workdays import workdays_add
from crm.organisation.models import Department
from projects.models import (
    ApprovalItem,
    Callback,
    ItemPause,
    ItemState,
    Milestone,
    MilestoneDefinition,
    MilestonePause,
    MilestoneState,
    ProjectItem,
    ProxyCase,
    Rating,
)
from tests.factories import (
    ApprovalItemFactory,
    EnterpriseFactory,
    ProjectFactory,
    ServiceCentreFactory,
    SupervisorFactory,
    UserFactory,
    ZoneFactory,
)

D = dt.date
TODAY = D(2026, 5, 11)
APRIL = (D(2026, 4, 1), D(2026, 4, 30))
_numbers = itertools.count(1)


def _case(agent, project) -> ProxyCase:
    return ProxyCase.objects.create(
        number=f"DB-DASH-{next(_numbers):04d}",
        enterprise=project.enterprise,
        project=project,
        agent=agent,
        state="authorised",
        first_contact_channel="visit",
        first_contact_on=D(2026, 3, 1),
        summary="看板测试",
    )


def _item(case, approval_item, *, started, committed, decided=None, state=ItemState.APPROVED, pauses=()):
    """An item accepted on ``started``, its due date computed by the calendar from its
    committed days and the working days its ended pauses stopped it."""
    stopping = sum(days for cause, _on, _until, days in pauses if cause != PauseCause.GOVERNMENT and _until)
    item = ProjectItem.objects.create(
        case=case,
        approval_item=approval_item,
        state=state,
        committed_days=committed,
        started_on=started,
        due_date=workdays_add(started, committed + stopping).date,
        paused_working_days=stopping,
        decided_on=decided,
        paused_on=next((on for _c, on, until, _d in pauses if until is None), None),
    )
    for cause, on, until, days in pauses:
        ItemPause.objects.create(
            item=item, cause=cause, reason="补正", paused_on=on, resumed_on=until, working_days=days
        )
    return item


def _milestone(project, definition, *, started, finished=None, state, pauses=(), provisional=False):
    stopping = sum(days for _cause, _on, _until, days in pauses)
    due = workdays_add(started, definition.target_working_days + stopping).date
    milestone = Milestone.objects.create(
        project=project,
        definition=definition,
        state=state,
        target_working_days=definition.target_working_days,
        started_on=started,
        due_date=due,
        due_provisional=provisional,
        paused_working_days=stopping,
        finished_on=finished,
        outcome=("on_time" if finished <= due else "late") if finished else "",
    )
    for cause, on, until, days in pauses:
        MilestonePause.objects.create(
            milestone=milestone, cause=cause, reason="补正", paused_on=on, resumed_on=until, working_days=days
        )
    return milestone


def world_scope(w, audience, **extra):
    """The world's April for ``audience``: centre 1, zone 1, or all (``extra``: filters)."""
    from projects.dashboards.selectors import Audience, DashboardScope

    base = {"start": APRIL[0], "end": APRIL[1]}
    if audience == Audience.CENTRE:
        base |= {"centre_id": w.c1.pk, "centre_zone_ids": [w.z1.pk]}
    if audience == Audience.ZONE:
        base |= {"zone_ids": [w.z1.pk]}
    return DashboardScope(audience=audience, **(base | extra))


def dashboard_world() -> SimpleNamespace:
    z1 = ZoneFactory(name="看板一区")
    z2 = ZoneFactory(name="看板二区")
    c1 = ServiceCentreFactory(name="看板中心一", zone=z1)
    c2 = ServiceCentreFactory(name="看板中心二", zone=z2)
    s1 = SupervisorFactory(centre=c1, user=UserFactory(username="dash-sup1", roles=["supervisor", "agent"]))
    s2 = SupervisorFactory(centre=c2, user=UserFactory(username="dash-sup2", roles=["supervisor", "agent"]))
    committee = UserFactory(username="dash-zone1", roles=["zone_committee"], zone=z1)
    committee2 = UserFactory(username="dash-zone2", roles=["zone_committee"], zone=z2)
    admin = UserFactory(username="dash-admin", roles=["administrator"])
    dept_a = Department.objects.create(name="看板住建局", zone=z1)
    dept_b = Department.objects.create(name="看板自然资源局", zone=z1)
    a1 = ApprovalItemFactory(code="DASH-A1", name="建设工程规划许可", department=dept_a)
    a2 = ApprovalItemFactory(code="DASH-A2", name="施工许可", department=dept_a)
    b1 = ApprovalItemFactory(code="DASH-B1", name="用地预审", department=dept_b, online_level="at_window")
    p1 = ProjectFactory(enterprise=EnterpriseFactory(zone=z1), zone=z1, agent=s1)
    p1b = ProjectFactory(enterprise=EnterpriseFactory(zone=z1), zone=z1, agent=s1)
    p2 = ProjectFactory(enterprise=EnterpriseFactory(zone=z1), zone=z1, agent=s2)
    p3 = ProjectFactory(enterprise=EnterpriseFactory(zone=z2), zone=z2, agent=s1)
    p4 = ProjectFactory(enterprise=EnterpriseFactory(zone=z2), zone=z2, agent=s2)
    p5 = ProjectFactory(enterprise=EnterpriseFactory(zone=z1), zone=z1, agent=s1)
    case1, case1b, case2, case3 = _case(s1, p1), _case(s1, p1b), _case(s2, p2), _case(s1, p3)
    ent, gov = PauseCause.CORRECTION, PauseCause.GOVERNMENT
    items = {
        1: _item(case1, a1, started=D(2026, 3, 30), committed=5, decided=D(2026, 4, 7)),
        2: _item(
            case1b,
            a1,
            started=D(2026, 4, 1),
            committed=5,
            decided=D(2026, 4, 16),
            pauses=[(ent, D(2026, 4, 3), D(2026, 4, 9), 3)],
        ),
        3: _item(case1, a2, started=D(2026, 4, 20), committed=3, decided=D(2026, 4, 22)),
        4: _item(case1b, a2, started=D(2026, 4, 27), committed=3, decided=D(2026, 5, 6)),
        5: _item(_case(s1, p1), a2, started=D(2026, 4, 13), committed=3, state=ItemState.IN_REVIEW),
        6: _item(
            _case(s1, p1b),
            a1,
            started=D(2026, 4, 13),
            committed=3,
            state=ItemState.RETURNED,
            pauses=[(ent, D(2026, 4, 15), None, None)],
        ),
        7: _item(
            case1,
            b1,
            started=D(2026, 4, 27),
            committed=2,
            decided=D(2026, 4, 30),
            pauses=[(gov, D(2026, 4, 28), D(2026, 4, 29), 1)],
        ),
        8: _item(case2, a1, started=D(2026, 4, 7), committed=5, decided=D(2026, 4, 13)),
        9: _item(case3, b1, started=D(2026, 4, 13), committed=5, decided=D(2026, 4, 15)),
        10: _item(
            _case(s1, p1), a1, started=D(2026, 3, 2), committed=5, decided=D(2026, 3, 5), state=ItemState.DELIVERED
        ),
        11: _item(
            _case(s1, p1b), b1, started=D(2026, 3, 2), committed=5, decided=D(2026, 3, 4), state=ItemState.DELIVERED
        ),
    }
    for number, (on, trips) in {10: (D(2026, 4, 2), 0), 11: (D(2026, 4, 3), 1)}.items():
        ProjectItem.objects.filter(pk=items[number].pk).update(delivered_on=on, trips=trips, delivery_method="express")
    ratings = {
        case: Rating.objects.create(case=case, level=level, rated_on=on, rated_by=admin)
        for case, level, on in [
            (case1, 5, D(2026, 4, 20)),
            (case1b, 2, D(2026, 4, 21)),
            (case3, 4, D(2026, 4, 22)),
            (case2, 1, D(2026, 4, 23)),
            (_case(s1, p1), 3, D(2026, 3, 20)),
        ]
    }
    for case, agent, due, closed in [
        (case1b, s1, D(2026, 4, 14), D(2026, 4, 10)),
        (_case(s1, p1), s1, D(2026, 4, 15), D(2026, 4, 20)),
        (_case(s1, p1b), s1, D(2026, 5, 6), None),
        (case2, s2, D(2026, 4, 8), D(2026, 4, 10)),
    ]:
        Callback.objects.create(
            case=case,
            kind="unsatisfied",
            rating=ratings.get(case) if case in (case1b, case2) else None,
            assigned_to=agent,
            state="closed" if closed else "open",
            target_working_days=5,
            started_on=D(2026, 4, 1),
            due_date=due,
            closed_on=closed,
        )
    kind = MilestoneDefinition.objects.create(code="dash-d", name="看板里程碑", target_working_days=5, order=99)
    done, running = MilestoneState.COMPLETED, MilestoneState.RUNNING
    milestones = {
        1: _milestone(p1, kind, started=D(2026, 3, 2), finished=D(2026, 3, 6), state=done),
        2: _milestone(
            p1b,
            kind,
            started=D(2026, 3, 23),
            finished=D(2026, 4, 8),
            state=done,
            pauses=[(ent, D(2026, 3, 25), D(2026, 3, 27), 2)],
        ),
        3: _milestone(p5, kind, started=D(2026, 4, 20), state=running, provisional=True),
        4: _milestone(p4, kind, started=D(2026, 3, 2), finished=D(2026, 3, 10), state=done),
    }
    return SimpleNamespace(
        z1=z1,
        z2=z2,
        c1=c1,
        c2=c2,
        s1=s1,
        s2=s2,
        committee=committee,
        committee2=committee2,
        admin=admin,
        dept_a=dept_a,
        dept_b=dept_b,
        a1=a1,
        a2=a2,
        b1=b1,
        items=items,
        kind=kind,
        milestones=milestones,
        approval_items=ApprovalItem.objects.filter(code__startswith="DASH-"),
    )
