"""The project page: milestones, events, pauses."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.accounts.roles import Role, has_role
from crm.audit.events import audit_event_label
from crm.audit.services import audit_trail_of, timeline_order
from crm.forms import input_kept, kept_form
from crm.pages import page_act
from projects.investment import services as investment_services
from projects.investment.forms import EventForm, PauseForm, ResumeForm
from projects.investment.selectors import (
    milestone_rows,
    milestones_progress,
    project_compliance,
    project_list_with_milestones,
    projects_visible_to,
)
from projects.investment.services import project_event_record
from projects.models import DeadlineLevel, Milestone
from projects.public_status import status_lookups_of

STAFF_ROLES = (Role.AGENT, Role.SUPERVISOR, Role.ADMINISTRATOR)


def _urgent_first(milestones):
    order = {DeadlineLevel.OVERDUE: 0, DeadlineLevel.WARNING: 1, DeadlineLevel.NORMAL: 2, DeadlineLevel.PAUSED: 3}
    return sorted(milestones, key=lambda m: (order.get(m.level, 4), m.days_left if m.days_left is not None else 0))


def project_detail(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    project = get_object_or_404(project_list_with_milestones(projects_visible_to(request.user)), pk=pk)
    today = timezone.localdate()
    milestones = milestone_rows(project.milestones.all(), today)
    can_act = has_role(request.user, *STAFF_ROLES)
    context = {
        "project": project,
        "milestones": milestones,
        "today": today,
        "can_act": can_act,
        "code_changes": project.code_changes.all(),
        "compliance": project_compliance(project, today),
        "status_lookups": status_lookups_of(project),
        # The enterprise reading its own project is addressed as 贵企业.
        "for_enterprise": has_role(request.user, Role.ENTERPRISE) and not can_act,
    }
    if context["for_enterprise"]:  # each milestone as progress, the timeline in plain words
        milestones_progress(milestones)
        context["timeline"] = _timeline(project)
    if can_act:
        kept = input_kept(request)  # a refused form comes back with what was typed
        for m in milestones:
            m.pause_form = kept_form(
                kept, reverse("projects:milestone_pause", args=[project.pk, m.pk]), PauseForm, initial={"on": today}
            )
            m.resume_form = kept_form(
                kept, reverse("projects:milestone_resume", args=[project.pk, m.pk]), ResumeForm, initial={"on": today}
            )
        context.update(
            {
                "event_form": kept_form(
                    kept,
                    reverse("projects:project_event", args=[project.pk]),
                    EventForm,
                    initial={"on": today},
                    project=project,
                ),
                "timeline": _timeline(project),
            }
        )
    return render(request, "projects/project_detail.html", context)


def _timeline(project):
    entries = timeline_order(list(audit_trail_of([project, *project.milestones.all()])))
    for entry in entries:
        entry.label = audit_event_label(entry.event)
    return entries


def _staff_project(request, pk):
    if not has_role(request.user, *STAFF_ROLES):
        raise PermissionDenied
    return get_object_or_404(projects_visible_to(request.user), pk=pk)


def _back(project) -> str:
    return reverse("projects:project_detail", args=[project.pk])


@require_POST
def project_event(request, pk: int):
    project = _staff_project(request, pk)

    def run(data):
        changed = project_event_record(project=project, event=data["event"], on=data["on"], by=request.user)
        if not changed:
            raise ValidationError(_("该事件没有对应的待开始或计时中的里程碑"))

    return page_act(
        request, run, form=EventForm(request.POST, project=project), refused=_("请填写事件和日期"), back=_back(project)
    )


def _milestone_of(project, milestone_pk):
    return get_object_or_404(Milestone.objects.select_related("definition"), pk=milestone_pk, project=project)


@require_POST
def milestone_pause(request, pk: int, milestone_pk: int):
    project = _staff_project(request, pk)

    def run(data):
        investment_services.milestone_pause(
            milestone=_milestone_of(project, milestone_pk),
            cause=data["cause"],
            reason=data["reason"],
            on=data["on"],
            by=request.user,
        )

    return page_act(
        request, run, form=PauseForm(request.POST), refused=_("请填写暂停类型、原因和日期"), back=_back(project)
    )


@require_POST
def milestone_resume(request, pk: int, milestone_pk: int):
    project = _staff_project(request, pk)

    def run(data):
        investment_services.milestone_resume(
            milestone=_milestone_of(project, milestone_pk), on=data["on"], by=request.user
        )

    return page_act(request, run, form=ResumeForm(request.POST), refused=_("请填写恢复日期"), back=_back(project))
