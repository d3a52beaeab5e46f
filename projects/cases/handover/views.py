"""Pages for hand-over requests: the agent asks from the case page, the owning
centre's supervisor decides on the centre page. Thin: forms read the request,
services decide."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.accounts.roles import Role, role_required
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
    form = HandoverRequestForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("projects:case_detail", pk=case.pk)
    try:
        handover = services.handover_request(
            case=case, project_code=form.cleaned_data["project_code"], note=form.cleaned_data["note"], by=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("该项目由%(centre)s负责，移交申请已提交该中心负责人处理；同意移交前，本案件不关联该项目。")
            % {"centre": handover.centre},
        )
    return redirect("projects:case_detail", pk=case.pk)


def _decide(request, pk: int, decide):
    handover = get_object_or_404(HandoverRequest.objects.select_related("centre"), pk=pk)
    try:
        message = decide(handover)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, message)
    return redirect("projects:supervisor_home")


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
