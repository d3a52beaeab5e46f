"""The enterprise's materials page of a case, its uploads, the agent's review and the files."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.forms import input_kept
from crm.pages import page_act
from crm.uploads import file_response, help_text
from projects.cases.selectors import cases_visible_to
from projects.models import MaterialSubmission, case_side
from projects.portal.submissions.forms import ReviewForm, SubmissionForm
from projects.portal.submissions.selectors import case_requests
from projects.portal.submissions.services import submission_accept, submission_ask_again, submission_submit


def _case_of(request, pk: int, *, want: str):
    """The case by id through the user's scope (404 outside it), and the user's part
    in it: ``want`` is the part the page needs (403 for the other part)."""
    case = get_object_or_404(cases_visible_to(request.user).select_related("enterprise", "agent__user"), pk=pk)
    viewer = case_side(case, request.user)
    if viewer is None:
        raise Http404
    if want and viewer != want:
        raise PermissionDenied
    return case, viewer


def case_submissions(request, pk: int):
    """The enterprise's list of what it is asked to hand in for the case, each with
    its status and an upload (or reuse) form; staff see the same page read-only."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    case, viewer = _case_of(request, pk, want="")
    kept = input_kept(request)
    return render(
        request,
        "projects/portal/submissions.html",
        {
            "case": case,
            "groups": case_requests(case, on=timezone.localdate()),
            "for_enterprise": viewer == "enterprise",
            "kept": kept,
            "upload_help": help_text(SubmissionForm.base_fields["file"].validators[0].kinds),
        },
    )


def _back(case, anchor: str = "") -> str:
    return reverse("projects:case_submissions", args=[case.pk]) + anchor


@require_POST
def submission_new(request, pk: int):
    if not request.user.is_authenticated:
        raise PermissionDenied
    case, _viewer = _case_of(request, pk, want="enterprise")
    form = SubmissionForm(request.POST, request.FILES, case=case)

    def run(data):
        submission = submission_submit(
            case=case,
            material=data["material"],
            pause=data["pause"],
            file=data["file"],
            library_copy=data["library_copy"],
            by=request.user,
        )
        return _("已提交“%(material)s”，等待代办员审核") % {"material": submission.material.name}

    return page_act(request, run, form=form, back=_back(case))


@require_POST
def submission_review(request, pk: int, submission_pk: int):
    if not request.user.is_authenticated:
        raise PermissionDenied
    case, _viewer = _case_of(request, pk, want="staff")
    submission = get_object_or_404(case.submissions.select_related("material", "case__enterprise"), pk=submission_pk)
    form = ReviewForm(request.POST)

    def run(data):
        if data["decision"] == ReviewForm.ACCEPT:
            submission_accept(submission=submission, by=request.user)
            return _("已收取“%(material)s”") % {"material": submission.material.name}
        submission_ask_again(submission=submission, reason=data["reason"], by=request.user)
        return _("已要求企业重新提交“%(material)s”") % {"material": submission.material.name}

    return page_act(request, run, form=form, back=reverse("projects:case_detail", args=[case.pk]) + "#submissions")


def submission_file(request, pk: int):
    """The submitted file (or the library copy it points at), to the case's staff and
    the enterprise's contacts only; any other id is a 404."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    submission = get_object_or_404(
        MaterialSubmission.objects.filter(case__in=cases_visible_to(request.user)).select_related(
            "case__agent__centre", "library_copy"
        ),
        pk=pk,
    )
    if case_side(submission.case, request.user) is None:
        raise Http404
    if submission.file:
        return file_response(submission.file, download_name=submission.file_name)
    copy = submission.library_copy
    if copy is None or not copy.file:
        raise Http404
    return file_response(copy.file, download_name=copy.file_name)
