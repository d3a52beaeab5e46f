from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.accounts.roles import Role, has_role, role_required
from crm.forms import form_errors, input_keep, input_kept
from projects.drawings.forms import (
    DrawingAcceptForm,
    DrawingMoveForm,
    DrawingPassForm,
    DrawingReasonForm,
    DrawingSubmitForm,
    OpinionForm,
    StaffOpinionForm,
)
from projects.drawings.selectors import reviewer_queue, staff_queue
from projects.drawings.services import (
    drawing_opinion_give,
    drawing_review_accept,
    drawing_review_consolidate,
    drawing_review_fail,
    drawing_review_pass,
    drawing_review_resubmit,
    drawing_review_return,
    drawing_review_start,
    drawing_review_submit,
)
from projects.investment.selectors import projects_visible_to
from projects.models import DrawingReview, OpinionVerdict, ReviewDiscipline, ReviewOpinion, staff_on_project


def _project(request, pk):
    return get_object_or_404(projects_visible_to(request.user), pk=pk)


def drawings_page(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    project = _project(request, pk)
    reviews = list(
        project.drawing_reviews.prefetch_related(
            "disciplines",
            Prefetch("opinions", queryset=ReviewOpinion.objects.select_related("discipline", "reviewer").order_by("round", "discipline__order")),
        ).order_by("pk")
    )
    for review in reviews:
        spoken = {o.discipline_id for o in review.opinions.all() if o.round == review.round}
        review.waiting = [d for d in review.disciplines.all() if d.pk not in spoken]
    return render(
        request,
        "projects/drawings/page.html",
        {
            "project": project,
            "reviews": reviews,
            "can_act": staff_on_project(project, request.user),
            "kept": input_kept(request),  # a refused form comes back with what was typed
            "verdicts": OpinionVerdict.choices,
            "today": timezone.localdate(),
        },
    )


def _act(request, pk, run):
    project = _project(request, pk)
    if not staff_on_project(project, request.user):
        raise PermissionDenied
    try:
        run(project)
    except ValidationError as error:
        input_keep(request)
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已保存"))
    return redirect("projects:drawings", pk=project.pk)


def _form_errors_raise(form) -> dict:
    if not form.is_valid():
        raise ValidationError(form_errors(form))
    return form.cleaned_data


@require_POST
def drawings_submit(request, pk: int):
    def run(project):
        data = _form_errors_raise(DrawingSubmitForm(request.POST))
        drawing_review_submit(project=project, package=data["package"], by=request.user)

    return _act(request, pk, run)


# Each move of a package: the form that reads its fields and the service it calls.
ACTIONS = {
    "accept": (DrawingAcceptForm, lambda review, data, by: drawing_review_accept(
        review=review, acceptance_no=data["acceptance_no"], by=by)),
    "start": (DrawingMoveForm, lambda review, data, by: drawing_review_start(review=review, by=by)),
    "opinion": (StaffOpinionForm, lambda review, data, by: drawing_opinion_give(
        review=review, discipline=data["discipline"], verdict=data["verdict"], text=data["text"], by=by)),
    "consolidate": (DrawingMoveForm, lambda review, data, by: drawing_review_consolidate(review=review, by=by)),
    "pass": (DrawingPassForm, lambda review, data, by: drawing_review_pass(
        review=review, certificate_no=data["certificate_no"], by=by)),
    "return": (DrawingReasonForm, lambda review, data, by: drawing_review_return(
        review=review, reason=data["reason"], by=by)),
    "resubmit": (DrawingMoveForm, lambda review, data, by: drawing_review_resubmit(review=review, by=by)),
    "fail": (DrawingReasonForm, lambda review, data, by: drawing_review_fail(
        review=review, reason=data["reason"], by=by)),
}


@require_POST
def drawing_action(request, pk: int, review_pk: int, action: str):
    if action not in ACTIONS:
        raise Http404

    def run(project):
        review = get_object_or_404(DrawingReview, pk=review_pk, project=project)
        form_class, move = ACTIONS[action]
        move(review, _form_errors_raise(form_class(request.POST)), request.user)

    return _act(request, pk, run)


@role_required(Role.REVIEWER, Role.AGENT, Role.SUPERVISOR, Role.ADMINISTRATOR)
def drawing_queue(request):
    """What waits on me: a reviewer's packages awaiting their discipline's opinion (with
    the form to give it); the case staff's open packages and their next step."""
    return render(
        request,
        "projects/drawings/queue.html",
        {
            "tasks": reviewer_queue(request.user),
            "reviews": staff_queue(request.user),
            "is_reviewer": has_role(request.user, Role.REVIEWER),
            "kept": input_kept(request),  # a refused opinion comes back with what was typed
            "verdicts": OpinionVerdict.choices,
            "today": timezone.localdate(),
        },
    )


@require_POST
@role_required(Role.REVIEWER)
def reviewer_opinion(request, review_pk: int, discipline_pk: int):
    """A discipline reviewer gives the discipline's opinion from the queue; the
    service checks the reviewer belongs to the discipline."""
    review = get_object_or_404(DrawingReview, pk=review_pk)
    discipline = get_object_or_404(ReviewDiscipline, pk=discipline_pk)
    try:
        data = _form_errors_raise(OpinionForm(request.POST))
        drawing_opinion_give(
            review=review, discipline=discipline, verdict=data["verdict"], text=data["text"], by=request.user
        )
    except ValidationError as error:
        input_keep(request)
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已出具%(discipline)s意见") % {"discipline": discipline.name})
    return redirect("projects:drawing_queue")
