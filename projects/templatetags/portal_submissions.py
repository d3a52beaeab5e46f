"""The enterprise's submissions on a case's page: the page belongs to cases, which sits
below the portal, so the section comes through this tag."""

from django import template

from crm.forms import input_kept
from projects.cases.selectors import cases_visible_to
from projects.models import case_side
from projects.portal.submissions.selectors import (
    cases_with_pending_submissions,
    open_corrections,
    submissions_of_case,
)

register = template.Library()


@register.inclusion_tag("projects/portal/_submissions_section.html", takes_context=True)
def case_submissions_section(context, case):
    """Staff: every submission, those waiting for review first, with the review forms.
    The enterprise: what its corrections ask for, and the link to hand it in."""
    request = context["request"]
    viewer = case_side(case, request.user)
    out = {"case": case, "viewer": viewer}
    if viewer == "staff":
        submissions = list(submissions_of_case(case))
        kept = context.get("kept")
        out.update(
            submissions=submissions,
            pending=sum(1 for s in submissions if s.state == "pending"),
            kept=kept if kept is not None else input_kept(request),
        )
    elif viewer == "enterprise":
        out["corrections"] = list(open_corrections(case))
    return out


@register.inclusion_tag("projects/portal/_submissions_pending.html", takes_context=True)
def pending_submissions_note(context):
    """The workbench's line of uploads waiting for the user's review, by case."""
    cases = list(cases_with_pending_submissions(cases_visible_to(context["request"].user))[:20])
    return {"cases": cases, "total": sum(case.pending for case in cases)}
