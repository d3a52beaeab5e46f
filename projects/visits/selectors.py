"""Reads of joint surveys and acceptances: which departments a project's visit invites,
and the visits of a project with everything their pages show."""

from django.db.models import Prefetch, Q, QuerySet

from crm.calendar.selectors import clock_rows
from crm.organisation.models import Department
from projects.models import JointVisit, Project, ProjectItem, VisitAttendance, VisitFollowUp


def visit_departments_default(project: Project) -> QuerySet[Department]:
    """The departments of the approval items the project's cases chose: those the
    project needs, invited by default."""
    needed = ProjectItem.objects.filter(case__project=project).values("approval_item__department_id")
    return Department.objects.filter(pk__in=needed).order_by("name")


def _zone_and_above(project: Project) -> list[int]:
    ids, zone = [], project.zone
    while zone is not None and zone.pk not in ids:  # a zone tree is a few levels deep
        ids.append(zone.pk)
        zone = zone.parent
    return ids


def visit_department_choices(project: Project) -> QuerySet[Department]:
    """The departments that may be invited: those of the project's zone and the zones
    above it, and any department one of its items needs."""
    needed = ProjectItem.objects.filter(case__project=project).values("approval_item__department_id")
    return Department.objects.filter(Q(zone_id__in=_zone_and_above(project)) | Q(pk__in=needed)).order_by(
        "zone", "name"
    )


def visits_of(project: Project) -> list[JointVisit]:
    """The project's visits, newest first, with attendances and follow-ups, in a
    fixed number of queries."""
    return list(
        project.joint_visits.select_related("issued_by", "scheduled_by")
        .prefetch_related(
            Prefetch("attendances", queryset=VisitAttendance.objects.select_related("department", "recorded_by")),
            Prefetch(
                "follow_ups",
                queryset=VisitFollowUp.objects.select_related("department", "closed_by").prefetch_related("pauses"),
            ),
        )
        .order_by("-visit_on", "-pk")
    )


def visit_with_rows(project: Project, pk: int) -> JointVisit:
    return (
        project.joint_visits.select_related("project__enterprise", "project__zone", "project__agent__user", "issued_by")
        .prefetch_related(
            Prefetch("attendances", queryset=VisitAttendance.objects.select_related("department", "recorded_by")),
            Prefetch(
                "follow_ups",
                queryset=VisitFollowUp.objects.select_related("department", "closed_by").prefetch_related("pauses"),
            ),
        )
        .get(pk=pk)
    )


def follow_ups_open_of(project: Project) -> QuerySet[VisitFollowUp]:
    return (
        VisitFollowUp.objects.filter(visit__project=project, closed_on__isnull=True)
        .select_related("visit", "department")
        .order_by("due_date", "pk")
    )


def visits_by_project(projects) -> dict[int, list[JointVisit]]:
    """The visits of several projects (the enterprise's side), newest first, with
    their departments and follow-ups, in a fixed number of queries."""
    visits = (
        JointVisit.objects.filter(project__in=projects)
        .prefetch_related(
            Prefetch("attendances", queryset=VisitAttendance.objects.select_related("department")),
            Prefetch(
                "follow_ups", queryset=VisitFollowUp.objects.select_related("department").prefetch_related("pauses")
            ),
        )
        .order_by("-visit_on", "-pk")
    )
    grouped: dict[int, list[JointVisit]] = {}
    for visit in visits:
        grouped.setdefault(visit.project_id, []).append(visit)
    return grouped


def follow_ups_judged(follow_ups, today) -> list[VisitFollowUp]:
    """Follow-ups (their pauses prefetched) with what their pages show, as every clock's
    rows have it (``crm.calendar.selectors.clock_rows``): an open one's level, working days
    left and days overdue (never while paused) and whom a pause waits on; a closed one as is."""
    rows = list(follow_ups)
    clock_rows([f for f in rows if f.is_open], today=today)
    return rows
