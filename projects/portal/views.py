"""The enterprise's side."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.accounts.roles import Role, role_required
from crm.pages import page_act
from projects.cases.selectors import cases_visible_to, deliveries_of, items_with_waits
from projects.investment.selectors import (
    milestone_rows,
    milestones_progress,
    project_list_with_milestones,
    projects_visible_to,
)
from projects.models import ProjectItem
from projects.portal.access.selectors import contact_required
from projects.portal.forms import ReceiptForm
from projects.portal.selectors import (
    cases_asking,
    cases_with_notice,
    enterprise_items,
    enterprise_todo,
    trip_figures,
)
from projects.portal.services import item_receipt_confirm
from projects.visits.selectors import follow_ups_judged, visits_by_project


@role_required(Role.ENTERPRISE)
def enterprise_home(request):
    today = timezone.localdate()
    contact = contact_required(request.user)
    projects = project_list_with_milestones(projects_visible_to(request.user)).order_by("name")
    visits = visits_by_project(projects)
    for project in projects:
        project.milestone_rows = milestones_progress(milestone_rows(project.milestones.all(), today))
        project.visits = visits.get(project.pk, [])
        for visit in project.visits:  # what the enterprise must still put right, and by when
            visit.follow_up_rows = [f for f in follow_ups_judged(visit.follow_ups.all(), today) if f.is_open]
    cases = list(
        cases_with_notice(cases_visible_to(request.user)).select_related("agent__user").order_by("-first_contact_on")
    )
    items_by_case: dict[int, list] = {}
    for item in items_with_waits(enterprise_items(cases_visible_to(request.user)), today):
        items_by_case.setdefault(item.case_id, []).append(item)
    asking = cases_asking(cases)  # only these pay for their requests' few queries
    for case in cases:
        case.item_rows = items_by_case.get(case.pk, [])
        case.todo = enterprise_todo(case, case.item_rows, today) if case.pk in asking else []
    own_items = ProjectItem.objects.filter(case__in=cases_visible_to(request.user))
    return render(
        request,
        "projects/enterprise_home.html",
        {
            "enterprise": contact.enterprise,
            "contact": contact,
            "projects": projects,
            "cases": cases,
            "deliveries": deliveries_of(cases_visible_to(request.user)),
            "trips": trip_figures(own_items),
            "receipt_form": ReceiptForm(),
            "today": today,
            "for_enterprise": True,
        },
    )


@require_POST
@role_required(Role.ENTERPRISE)
def item_receipt(request, pk: int):
    """Confirm that a delivered result reached the enterprise (its own items only: any
    other id is a 404)."""
    contact_required(request.user)
    item = get_object_or_404(ProjectItem.objects.filter(case__in=cases_visible_to(request.user)), pk=pk)
    form = ReceiptForm(request.POST)
    to_case = form.is_valid() and form.cleaned_data["back"] == "case"
    back = reverse("projects:case_detail", args=[item.case_id]) if to_case else reverse("projects:enterprise_home")

    def run(data):
        item_receipt_confirm(item=item, trips=data["trips"], by=request.user)
        return _("已确认收件，代办员已收到通知。")

    return page_act(request, run, form=form, back=f"{back}#deliveries")
