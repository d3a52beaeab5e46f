from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.forms import input_kept
from crm.fsm import transition_expected
from crm.pages import page_act
from projects.investment.selectors import projects_visible_to
from projects.models import staff_on_project
from regional_assessments.merged import selectors as merged_selectors
from regional_assessments.merged.actions import MERGED_MOVES
from regional_assessments.merged.forms import (
    DEFAULT_PANEL_SIZE,
    MergedStartForm,
)
from regional_assessments.merged.models import Draw, Expert, Intermediary, MergedAssessment
from regional_assessments.merged.selectors import AssessmentStatus
from regional_assessments.merged.services import (
    draw_sample,
    merged_assessment_start,
)
from regional_assessments.reports import services as reports_services
from regional_assessments.reports.forms import ReuseSavingsForm
from regional_assessments.reports.models import ReportReuse
from regional_assessments.reports.services import reuse_may_record, reuse_savings_update


def _project(request, pk):
    return get_object_or_404(projects_visible_to(request.user).select_related("zone", "enterprise"), pk=pk)


def _draw_rows(assessment: MergedAssessment) -> list[dict]:
    """Each draw with names instead of ids and whether replaying its seed gives the
    same choice (anyone can check the draw was not rigged)."""
    rows = []
    for draw in assessment.draws.all():
        pool = Intermediary if draw.kind == "intermediary" else Expert
        names = dict(pool.objects.filter(pk__in=draw.candidate_ids + draw.chosen_ids).values_list("pk", "name"))
        replayed = draw_sample(draw.candidate_ids, draw.seed, len(draw.chosen_ids)) if draw.chosen_ids else []
        rows.append(
            {
                "draw": draw,
                "eligible_count": len(draw.eligible_ids),
                "candidates": [names.get(pk, pk) for pk in draw.candidate_ids],
                "chosen": [names.get(pk, pk) for pk in draw.chosen_ids],
                "replay_matches": replayed == draw.chosen_ids,
            }
        )
    return rows


@login_required
def project_assessments(request, pk: int):
    project = _project(request, pk)
    today = timezone.localdate()
    rows = merged_selectors.project_assessments(project, today)
    assessments = list(
        project.merged_assessments.select_related("intermediary")
        .prefetch_related(
            "assessment_types",
            "experts",
            "pauses",
            Prefetch("draws", queryset=Draw.objects.select_related("drawn_by").order_by("drawn_at", "pk")),
        )
        .order_by("-pk")
    )
    for assessment in assessments:
        assessment.draw_rows = _draw_rows(assessment)
    may_record = reuse_may_record(project, request.user)
    return render(
        request,
        "regional_assessments/project_assessments.html",
        {
            "project": project,
            "rows": rows,
            "assessments": assessments,
            "open_assessment": next((a for a in assessments if a.state != "approved"), None),
            "can_act": staff_on_project(project, request.user),
            "may_record": may_record,
            "reusable": any(r.status == AssessmentStatus.REUSABLE for r in rows),
            "to_commission": any(r.status == AssessmentStatus.TO_COMMISSION for r in rows),
            "panel_size": DEFAULT_PANEL_SIZE,
            "kept": input_kept(request),  # a refused form comes back with what was typed
            "today": today,
        },
    )


def _back(project) -> str:
    return reverse("project_assessments", args=[project.pk])


@require_POST
@login_required
def reuse_record(request, pk: int):
    project = _project(request, pk)

    def run():
        outcome = reports_services.reuse_record(project=project, on=timezone.localdate(), by=request.user)
        return _("已登记复用 %(n)s 项区域评估成果") % {"n": len(outcome.reused)}

    return page_act(request, run, back=_back(project))


@require_POST
@login_required
def reuse_savings(request, pk: int, reuse_pk: int):
    project = _project(request, pk)
    reuse = get_object_or_404(ReportReuse, pk=reuse_pk, project=project)

    def run(data):
        reuse_savings_update(reuse=reuse, by=request.user, days_saved=data["days_saved"], fee_saved=data["fee_saved"])

    return page_act(request, run, form=ReuseSavingsForm(request.POST), back=_back(project))


@require_POST
@login_required
def merged_start(request, pk: int):
    project = _project(request, pk)

    def run(data):
        outcome = merged_assessment_start(project=project, by=request.user, on=data["on"])
        if outcome.assessment is None:
            return _("评估全部复用区域评估成果，无需委托，评估里程碑已完成")
        return _("已启动多评合一：%(types)s") % {"types": "、".join(t.name for t in outcome.remaining)}

    return page_act(request, run, form=MergedStartForm(request.POST), back=_back(project))


@require_POST
@login_required
def merged_move(request, pk: int, assessment_pk: int, action: str):
    if action not in MERGED_MOVES:
        raise Http404
    project = _project(request, pk)
    assessment = get_object_or_404(MergedAssessment, pk=assessment_pk, project=project)
    move = MERGED_MOVES[action]

    def run(data):
        transition_expected(assessment, data["expected_state"])
        move.perform({"assessment": assessment}, data, request.user)

    return page_act(request, run, form=move.form(request.POST), back=_back(project))
