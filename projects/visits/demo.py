"""The joint surveys and acceptances of the demo, played through the services: on the
first project an issued joint survey with findings and one rectification still open
(overdue), on the second a joint acceptance every department passed."""

import datetime as dt

from crm.calendar.workdays import workdays_add
from projects.models import FindingKind, FollowUpWaitsOn, JointVisit, JointVisitKind, Project
from projects.visits.selectors import visit_department_choices, visit_departments_default
from projects.visits.services import visit_attendance_record, visit_issue, visit_schedule


def _departments(project: Project) -> list:
    needed = list(visit_departments_default(project))
    return needed if len(needed) >= 2 else list(visit_department_choices(project)[:4])


def _agent_user(project: Project):
    if project.agent is None:
        raise ValueError(f"{project} has no agent to organise its joint visits")
    return project.agent.user


def _working_day_before(today: dt.date, days: int) -> dt.date:
    return workdays_add(today, -days).date


def visits_demo(survey_project: Project, acceptance_project: Project, today: dt.date) -> tuple[JointVisit, JointVisit]:
    by = _agent_user(survey_project)
    departments = _departments(survey_project)
    arranged, visited = _working_day_before(today, 12), _working_day_before(today, 10)
    survey = visit_schedule(
        project=survey_project,
        kind=JointVisitKind.SURVEY,
        visit_on=visited,
        visit_time=dt.time(9, 30),
        place=survey_project.location or f"{survey_project.name}项目地块",
        departments=departments,
        by=by,
        on=arranged,
    )
    first, *others = departments
    visit_attendance_record(
        visit=survey,
        department=first,
        attended=True,
        attendees="王科长、李工",
        finding=FindingKind.RECTIFICATION,
        finding_text="厂区北侧消防车道宽度不足4米，请在设计方案中调整并补充总平面图",
        rectification_days=5,
        waits_on=FollowUpWaitsOn.ENTERPRISE,
        by=by,
        on=visited,
    )
    for number, department in enumerate(others):
        visit_attendance_record(
            visit=survey,
            department=department,
            attended=number < 2,
            attendees="张科员" if number < 2 else "",
            finding=FindingKind.NONE if number < 2 else "",
            by=by,
            on=visited,
        )
    survey = visit_issue(visit=survey, by=by, on=_working_day_before(today, 9))

    by = _agent_user(acceptance_project)
    departments = _departments(acceptance_project)
    arranged, visited = _working_day_before(today, 4), _working_day_before(today, 2)
    acceptance = visit_schedule(
        project=acceptance_project,
        kind=JointVisitKind.ACCEPTANCE,
        visit_on=visited,
        visit_time=dt.time(14, 0),
        place=acceptance_project.location or f"{acceptance_project.name}厂区",
        departments=departments,
        by=by,
        on=arranged,
    )
    for department in departments:
        visit_attendance_record(
            visit=acceptance,
            department=department,
            attended=True,
            attendees="验收组",
            finding=FindingKind.NONE,
            by=by,
            on=visited,
        )
    acceptance = visit_issue(visit=acceptance, by=by, on=visited)
    return survey, acceptance
