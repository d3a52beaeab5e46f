"""Pages of joint surveys and acceptances: a project's visits and the schedule form,
one visit (attendance, findings, the record, its follow-ups), the printable record and
its PDF. Who may see: whoever may see the project; who may act: its staff."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from crm.documents import pdf_from_html
from crm.forms import input_kept, kept_form
from crm.pages import Done, page_act
from projects.investment.selectors import projects_visible_to
from projects.models import JointVisit, JointVisitState, VisitFollowUp, staff_on_project
from projects.visits.forms import (
    AttendanceForm,
    FollowUpCloseForm,
    FollowUpPauseForm,
    FollowUpResumeForm,
    IssueForm,
    VisitScheduleForm,
)
from projects.visits.selectors import follow_ups_judged, visit_departments_default, visit_with_rows, visits_of
from projects.visits.services import (
    follow_up_close,
    follow_up_pause,
    follow_up_resume,
    visit_attendance_record,
    visit_issue,
    visit_schedule,
)


def _project(request, pk: int):
    return get_object_or_404(projects_visible_to(request.user).select_related("enterprise", "agent__user"), pk=pk)


def _staff_project(request, pk: int):
    project = _project(request, pk)
    if not staff_on_project(project, request.user):
        raise PermissionDenied
    return project


def _visit(project, visit_pk: int) -> JointVisit:
    try:
        return visit_with_rows(project, visit_pk)
    except JointVisit.DoesNotExist:
        raise Http404 from None


def visits_page(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    project = _project(request, pk)
    today = timezone.localdate()
    visits = visits_of(project)
    for visit in visits:
        visit.follow_up_rows = follow_ups_judged(visit.follow_ups.all(), today)
    can_act = staff_on_project(project, request.user)
    context = {"project": project, "visits": visits, "can_act": can_act, "today": today}
    if can_act:
        context["schedule_form"] = kept_form(
            input_kept(request),
            reverse("projects:visit_schedule", args=[project.pk]),
            VisitScheduleForm,
            initial={"departments": list(visit_departments_default(project)), "visit_on": today},
            project=project,
        )
    return render(request, "projects/visits/list.html", context)


@require_POST
def visit_schedule_view(request, pk: int):
    project = _staff_project(request, pk)

    def run(data):
        visit = visit_schedule(
            project=project,
            kind=data["kind"],
            visit_on=data["visit_on"],
            visit_time=data["visit_time"],
            place=data["place"],
            departments=data["departments"],
            by=request.user,
        )
        return Done(
            _("已安排%(kind)s：%(day)s") % {"kind": visit.get_kind_display(), "day": f"{visit.visit_on:%Y-%m-%d}"},
            reverse("projects:visit_detail", args=[project.pk, visit.pk]),
        )

    return page_act(
        request,
        run,
        form=VisitScheduleForm(request.POST, project=project),
        back=reverse("projects:visits", args=[project.pk]),
    )


def visit_detail(request, pk: int, visit_pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    project = _project(request, pk)
    visit = _visit(project, visit_pk)
    today = timezone.localdate()
    can_act = staff_on_project(project, request.user)
    attendances = list(visit.attendances.all())
    context = {
        "project": project,
        "visit": visit,
        "attendances": attendances,
        "follow_ups": follow_ups_judged(visit.follow_ups.all(), today),
        "missing": [a.department for a in attendances if a.attended is None],
        "can_act": can_act,
        "today": today,
    }
    if can_act:
        kept = input_kept(request)
        attendance_url = reverse("projects:visit_attendance", args=[project.pk, visit.pk])
        for row in attendances:
            initial = {
                "department": row.department_id,
                "attended": "" if row.attended is None else ("yes" if row.attended else "no"),
                "attendees": row.attendees,
                "finding": row.finding,
                "finding_text": row.finding_text,
                "rectification_days": row.rectification_days,
                "waits_on": row.waits_on or "enterprise",
                "on": today,
            }
            kept_here = kept if str(kept.get("values", {}).get("department")) == str(row.department_id) else {}
            row.form = kept_form(kept_here, attendance_url, AttendanceForm, initial=initial, visit=visit)
        context["issue_form"] = kept_form(
            kept, reverse("projects:visit_issue", args=[project.pk, visit.pk]), IssueForm, initial={"on": today}
        )
        for follow_up in context["follow_ups"]:
            follow_up.close_form = kept_form(
                kept, _follow_up_url(project, visit, follow_up, "close"), FollowUpCloseForm, initial={"on": today}
            )
            follow_up.pause_form = kept_form(
                kept, _follow_up_url(project, visit, follow_up, "pause"), FollowUpPauseForm, initial={"on": today}
            )
            follow_up.resume_form = kept_form(
                kept, _follow_up_url(project, visit, follow_up, "resume"), FollowUpResumeForm, initial={"on": today}
            )
    return render(request, "projects/visits/detail.html", context)


def _follow_up_url(project, visit, follow_up, action: str) -> str:
    return reverse("projects:visit_follow_up", args=[project.pk, visit.pk, follow_up.pk, action])


def _back(project, visit) -> str:
    return reverse("projects:visit_detail", args=[project.pk, visit.pk])


@require_POST
def visit_attendance(request, pk: int, visit_pk: int):
    project = _staff_project(request, pk)
    visit = _visit(project, visit_pk)

    def run(data):
        visit_attendance_record(
            visit=visit,
            department=data["department"],
            attended=data["attended"],
            attendees=data["attendees"],
            finding=data["finding"],
            finding_text=data["finding_text"],
            rectification_days=data["rectification_days"],
            waits_on=data["waits_on"],
            by=request.user,
            on=data["on"],
        )
        return _("已登记%(department)s的到场情况和意见") % {"department": data["department"].name}

    return page_act(request, run, form=AttendanceForm(request.POST, visit=visit), back=_back(project, visit))


@require_POST
def visit_issue_view(request, pk: int, visit_pk: int):
    project = _staff_project(request, pk)
    visit = _visit(project, visit_pk)

    def run(data):
        issued = visit_issue(visit=visit, by=request.user, on=data["on"])
        return _("记录已出具，编号%(number)s") % {"number": issued.record_no}

    return page_act(request, run, form=IssueForm(request.POST), back=_back(project, visit))


FOLLOW_UP_ACTIONS = {
    "close": (FollowUpCloseForm, lambda f, d, by: follow_up_close(follow_up=f, note=d["note"], by=by, on=d["on"])),
    "pause": (
        FollowUpPauseForm,
        lambda f, d, by: follow_up_pause(follow_up=f, cause=d["cause"], reason=d["reason"], by=by, on=d["on"]),
    ),
    "resume": (FollowUpResumeForm, lambda f, d, by: follow_up_resume(follow_up=f, by=by, on=d["on"])),
}


@require_POST
def visit_follow_up(request, pk: int, visit_pk: int, follow_up_pk: int, action: str):
    if action not in FOLLOW_UP_ACTIONS:
        raise Http404
    project = _staff_project(request, pk)
    visit = _visit(project, visit_pk)
    follow_up = get_object_or_404(VisitFollowUp.objects.select_related("visit__project"), pk=follow_up_pk, visit=visit)
    form_class, act = FOLLOW_UP_ACTIONS[action]
    return page_act(
        request,
        lambda data: act(follow_up, data, request.user),
        form=form_class(request.POST),
        back=_back(project, visit),
    )


def _issued(request, pk: int, visit_pk: int) -> JointVisit:
    visit = _visit(_project(request, pk), visit_pk)
    if visit.state == JointVisitState.SCHEDULED:  # no record yet
        raise Http404
    return visit


def _record_context(visit: JointVisit) -> dict:
    return {
        "visit": visit,
        "project": visit.project,
        "attendances": list(visit.attendances.all()),
        "follow_ups": list(visit.follow_ups.all()),
    }


@require_GET
def visit_record(request, pk: int, visit_pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    visit = _issued(request, pk, visit_pk)
    return render(request, "projects/visits/record.html", _record_context(visit))


@require_GET
def visit_record_pdf(request, pk: int, visit_pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    visit = _issued(request, pk, visit_pk)
    html = render_to_string("projects/visits/record_pdf.html", _record_context(visit), request=request)
    pdf = pdf_from_html(html)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{visit.get_kind_display()}记录-{visit.record_no}.pdf"
    )
    return response
