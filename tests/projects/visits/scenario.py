"""A project whose case needs items of three departments, for the joint visit tests."""

import datetime as dt

from projects.cases.services import case_items_choose, case_open, case_project_link
from tests.factories import MON, ApprovalItemFactory, DepartmentFactory

TUE, WED, THU, FRI = (MON + dt.timedelta(days=n) for n in range(1, 5))
DEPARTMENT_NAMES = ("盐都区自然资源和规划局", "盐都区住房和城乡建设局", "盐都区消防救援大队")


def project_with_needs(project, agent_user, names=DEPARTMENT_NAMES):
    """Link a case choosing one item of each named department (in the project's zone)
    to ``project``; returns the departments."""
    departments = [DepartmentFactory(name=name, zone=project.zone) for name in names]
    case = case_open(
        enterprise=project.enterprise,
        agent=agent_user.agent_profile,
        channel="visit",
        summary="新建厂房",
        by=agent_user,
        on=MON,
    )
    case_project_link(case=case, project=project, by=agent_user)
    case_items_choose(
        case=case,
        approval_items=[ApprovalItemFactory(department=d, name=f"{d.name}审批事项") for d in departments],
        by=agent_user,
    )
    return departments
