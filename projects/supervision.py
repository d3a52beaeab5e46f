"""The projects' part of electronic supervision: what every clock (item, milestone,
drawing review round, callback, a joint visit's rectification) tells the spine's deadline table. The apps register
these facts in ``ProjectsConfig.ready``; the services that move a clock sync its rows
(``crm.supervision.services.deadlines_sync``) in the same transaction."""

from django.conf import settings

from crm.calendar.clock import DeadlineClock, clock_warning_threshold
from crm.models import DeadlineState
from crm.supervision.services import DeadlineFacts
from projects.models import (
    Callback,
    DrawingReview,
    Milestone,
    ProjectItem,
    VisitFollowUp,
)


def clock_facts(clock: DeadlineClock, *, title: str, kind_label: str, url: str, owner_id, centre_key, enterprise_key):
    if clock.clock_running():
        state = DeadlineState.OPEN
    elif clock.clock_paused():
        state = DeadlineState.PAUSED
    else:
        state = DeadlineState.CLOSED
    return DeadlineFacts(
        state=state,
        due_date=clock.due_date,
        started_on=clock.started_on,
        due_provisional=clock.due_provisional,
        warning_days=clock_warning_threshold(clock) if clock.due_date else 0,
        title=title,
        kind_label=kind_label,
        url=url,
        owner_id=owner_id,
        centre_key=centre_key,
        enterprise_key=enterprise_key,
    )


def _agent_keys(agent) -> tuple[int | None, int | None]:
    return (agent.user_id, agent.centre_id) if agent is not None else (None, None)


def milestone_facts(milestone: Milestone) -> DeadlineFacts:
    project = milestone.project
    owner_id, centre_key = _agent_keys(project.agent)
    return clock_facts(
        milestone,
        title=f"{project.name}：{milestone.definition.name}",
        kind_label="3550里程碑",
        url=f"/projects/{project.pk}/",
        owner_id=owner_id,
        centre_key=centre_key,
        enterprise_key=project.enterprise_id,
    )


def item_facts(item: ProjectItem) -> list[DeadlineFacts]:
    """The committed time limit and, for an item approved on a written commitment
    (告知承诺制), the verification deadline after approval."""
    case = item.case
    owner_id, centre_key = _agent_keys(case.agent)
    title = f"{case.enterprise.name}：{item.approval_item.name}"
    url = f"/projects/cases/{case.pk}/"
    facts = [
        clock_facts(
            item,
            title=title,
            kind_label="审批事项",
            url=url,
            owner_id=owner_id,
            centre_key=centre_key,
            enterprise_key=case.enterprise_id,
        )
    ]
    if item.verification_due is not None:
        facts.append(
            DeadlineFacts(
                facet="verification",
                state=DeadlineState.CLOSED if item.verified_on else DeadlineState.OPEN,
                due_date=item.verification_due,
                started_on=item.decided_on,
                warning_days=settings.SUPERVISION_WARNING_DAYS,
                title=f"{title}（告知承诺核查）",
                kind_label="承诺核查",
                url=url,
                owner_id=owner_id,
                centre_key=centre_key,
                enterprise_key=case.enterprise_id,
            )
        )
    return facts


def drawing_facts(review: DrawingReview) -> DeadlineFacts:
    project = review.project
    owner_id, centre_key = _agent_keys(project.agent)
    return clock_facts(
        review,
        title=f"{project.name}：施工图联审（{review.package}）",
        kind_label="多图联审",
        url=f"/projects/{project.pk}/drawings/",
        owner_id=owner_id,
        centre_key=centre_key,
        enterprise_key=project.enterprise_id,
    )


def callback_facts(callback: Callback) -> DeadlineFacts:
    case = callback.case
    return clock_facts(
        callback,
        title=f"{case.number} {case.enterprise.name}：{callback.get_kind_display()}",
        kind_label="回访整改",
        url="/projects/callbacks/",
        owner_id=callback.assigned_to.user_id,
        centre_key=callback.assigned_to.centre_id,
        enterprise_key=None,  # the enterprise is not shown the centre's own follow-up
    )


def visit_follow_up_facts(follow_up: VisitFollowUp) -> DeadlineFacts:
    """A rectification a joint survey or acceptance left: the project's agent follows
    it up; the enterprise sees it (it is usually the one to act)."""
    visit = follow_up.visit
    project = visit.project
    owner_id, centre_key = _agent_keys(project.agent)
    return clock_facts(
        follow_up,
        title=f"{project.name}：{visit.get_kind_display()}整改（{follow_up.department}）",
        kind_label=f"{visit.get_kind_display()}整改",
        url=f"/projects/{project.pk}/visits/{visit.pk}/",
        owner_id=owner_id,
        centre_key=centre_key,
        enterprise_key=project.enterprise_id,
    )
