"""Pages for hand-over requests: the agent asks from the case page, the owning
centre's supervisor decides on the centre page. Thin: forms read the request,
services decide."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.accounts.roles import Role, role_required
from crm.pages import page_act
from projects.cases.handover import services
from projects.cases.handover.forms import HandoverRefuseForm, HandoverRequestForm
from projects.cases.selectors import cases_visible_to
from projects.models import HandoverRequest, staff_on_case


@require_POST
def handover_request_view(request, pk: int):
    if not request.user.is_authenticated:
        raise PermissionDenied
    case = get_object_or_404(cases_visible_to(request.user).select_related("agent__centre"), pk=pk)
    if not staff_on_case(case, request.user):
        raise PermissionDenied

    def run(data):
        handover = services.handover_request(
            case=case, project_code=data["project_code"], note=data["note"], by=request.user
        )
        return _("该项目由%(centre)s负责，移交申请已提交该中心负责人处理；同意移交前，本案件不关联该项目。") % {
            "centre": handover.centre
        }

    return page_act(
        request,
        run,
        form=HandoverRequestForm(request.POST),
        back=reverse("projects:case_detail", args=[case.pk]),
        keep=False,
    )


def _decide(request, pk: int, decide):
    handover = get_object_or_404(HandoverRequest.objects.select_related("centre"), pk=pk)
    return page_act(request, lambda: decide(handover), back=reverse("projects:supervisor_home"), keep=False)


@require_POST
@role_required(Role.SUPERVISOR, Role.ADMINISTRATOR)
def handover_accept_view(request, pk: int):
    def decide(handover):
        services.handover_accept(request=handover, by=request.user)
        return _("已同意移交，项目改由 %(agent)s 负责") % {"agent": handover.case.agent}

    return _decide(request, pk, decide)


@require_POST
@role_required(Role.SUPERVISOR, Role.ADMINISTRATOR)
def handover_refuse_view(request, pk: int):
    def decide(handover):
        form = HandoverRefuseForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        services.handover_refuse(request=handover, reason=reason, by=request.user)
        return _("已拒绝移交申请，项目仍由本中心负责")

    return _decide(request, pk, decide)
