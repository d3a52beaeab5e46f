from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.accounts.roles import Role, has_role, role_required
from crm.forms import input_kept
from crm.pages import page_act
from projects.drawings.actions import DRAWING_ACTIONS
from projects.drawings.forms import (
    DrawingSubmitForm,
    OpinionForm,
)
from projects.drawings.selectors import reviewer_queue, staff_queue
from projects.drawings.services import (
    drawing_opinion_give,
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
            Prefetch(
                "opinions",
                queryset=ReviewOpinion.objects.select_related("discipline", "reviewer").order_by(
                    "round", "discipline__order"
                ),
            ),
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
            "actions": DRAWING_ACTIONS,  # the buttons' labels
            "kept": input_kept(request),  # a refused form comes back with what was typed
            "verdicts": OpinionVerdict.choices,
            "today": timezone.localdate(),
        },
    )


def _staff_project(request, pk):
    project = _project(request, pk)
    if not staff_on_project(project, request.user):
        raise PermissionDenied
    return project


def _back(project) -> str:
    return reverse("projects:drawings", args=[project.pk])


@require_POST
def drawings_submit(request, pk: int):
    project = _staff_project(request, pk)

    def run(data):
        drawing_review_submit(project=project, package=data["package"], by=request.user, on=data["on"])

    return page_act(request, run, form=DrawingSubmitForm(request.POST), back=_back(project))


@require_POST
def drawing_action(request, pk: int, review_pk: int, action: str):
    if action not in DRAWING_ACTIONS:
        raise Http404
    project = _staff_project(request, pk)
    review = get_object_or_404(DrawingReview, pk=review_pk, project=project)
    move = DRAWING_ACTIONS[action]
    return page_act(
        request,
        lambda data: move.perform({"review": review}, data, request.user),
        form=move.form(request.POST),
        back=_back(project),
    )


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

    def run(data):
        drawing_opinion_give(
            review=review,
            discipline=discipline,
            verdict=data["verdict"],
            text=data["text"],
            by=request.user,
            on=data["on"],
        )
        return _("已出具%(discipline)s意见") % {"discipline": discipline.name}

    return page_act(request, run, form=OpinionForm(request.POST), back=reverse("projects:drawing_queue"))
