"""The enterprise's submissions on a case's page: the page belongs to cases, which sits
below the portal, so the section comes through this tag."""

from django import template

from crm.forms import input_kept
from projects.portal.submissions.selectors import open_corrections, submission_viewer, submissions_of_case

register = template.Library()


@register.inclusion_tag("projects/portal/_submissions_section.html", takes_context=True)
def case_submissions_section(context, case):
    """Staff: every submission, those waiting for review first, with the review forms.
    The enterprise: what its corrections ask for, and the link to hand it in."""
    request = context["request"]
    viewer = submission_viewer(case, request.user)
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
