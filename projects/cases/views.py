"""The agent's and supervisor's desks, the workbench and the case pages."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agents.models import ProxyAgent
from crm.accounts.roles import Role, has_role, role_required
from crm.audit.events import audit_event_label
from crm.audit.services import audit_trail_of, timeline_order
from crm.forms import ExportForm, bad_request, export_wanted, input_kept, kept_form
from crm.fsm import transition_options
from crm.models import Alert
from crm.organisation.models import Department, Zone
from crm.pages import page_act
from crm.supervision import services as supervision_services
from crm.supervision.services import open_alerts
from crm.uploads import file_response
from projects.cases import services as cases_services
from projects.cases.actions import ITEM_ACTIONS, item_action_perform
from projects.cases.exports import item_sheet
from projects.cases.forms import (
    AuthorisationForm,
    CommitmentForm,
    ContactLogForm,
    FirstContactForm,
    ItemActionForm,
    ItemsChooseForm,
    PickerSearchForm,
    ProjectCaptureForm,
    ProjectLinkForm,
    ReassignForm,
    WorkbenchFilterForm,
)
from projects.cases.handover.forms import HandoverRefuseForm, HandoverRequestForm
from projects.cases.handover.selectors import handovers_of_case, handovers_pending_for
from projects.cases.selectors import (
    WorkbenchFilters,
    bundles_offered,
    case_close_refusal,
    case_detail,
    case_handed_over,
    cases_visible_to,
    centre_item_load,
    deliveries_of,
    item_picker,
    item_rows,
    items_warned,
    items_with_waits,
    search_condition,
    workbench_items,
)
from projects.cases.services import (
    case_commitment_record,
    case_contact_record,
    case_items_choose,
    case_open,
    case_project_link,
)
from projects.enterprises.services import enterprise_register
from projects.investment.selectors import (
    milestone_counts,
    milestone_rows,
    open_milestones,
    project_list_with_milestones,
    projects_visible_to,
)
from projects.investment.services import project_create
from projects.investment.views import _urgent_first
from projects.models import (
    CaseState,
    DeadlineLevel,
    EnterpriseContact,
    ItemState,
    MaterialRequirement,
    MilestoneDefinition,
    MilestoneState,
    ProjectItem,
    case_side,
    staff_on_case,
)


@role_required(Role.AGENT, Role.SUPERVISOR)
def agent_home(request):
    today = timezone.localdate()
    projects = projects_visible_to(request.user).filter(agent=request.user.agent_profile)
    milestones = _urgent_first(milestone_rows(open_milestones(projects), today))
    return render(
        request,
        "projects/agent_home.html",
        {
            "agent": request.user.agent_profile,
            "projects": project_list_with_milestones(projects).order_by("name"),
            "milestones": milestones,
            "counts": milestone_counts(projects),
            "today": today,
        },
    )


@role_required(Role.SUPERVISOR)
def supervisor_home(request):
    today = timezone.localdate()
    centre = request.user.agent_profile.centre
    projects = projects_visible_to(request.user)
    milestones = milestone_rows(open_milestones(projects), today)
    workload = (
        ProxyAgent.objects.filter(centre=centre)
        .select_related("user")
        .annotate(
            project_count=Count("projects", distinct=True),
            open_count=Count(
                "projects__milestones",
                filter=Q(projects__milestones__state__in=[MilestoneState.RUNNING, MilestoneState.PAUSED]),
            ),
        )
        .order_by("employee_no")
    )
    workload = list(workload)
    load = centre_item_load(centre, today)
    for agent in workload:
        agent.open_cases, agent.open_items, agent.overdue_items = load.get(agent.pk, (0, 0, 0))
    export = export_wanted(request)
    if export is None:
        return bad_request(request, ExportForm(request.GET))
    warned = items_warned(workbench_items(request.user, WorkbenchFilters()), today)
    if export:
        return item_sheet(_("预警与超时事项"), warned, today)
    items_attention = item_rows(warned[:50], today)
    return render(
        request,
        "projects/supervisor_home.html",
        {
            "centre": centre,
            "workload": workload,
            "items_attention": items_attention,
            "attention": [
                m for m in _urgent_first(milestones) if m.level in (DeadlineLevel.OVERDUE, DeadlineLevel.WARNING)
            ],
            "counts": milestone_counts(projects),
            "project_count": projects.count(),
            "handovers": list(handovers_pending_for(centre)),
            "refuse_form": HandoverRefuseForm(),
            "today": today,
        },
    )


PAGE_SIZE = 50


@role_required(Role.AGENT, Role.SUPERVISOR)
def workbench(request):
    """Open items of my cases (a supervisor: of the centre), most urgent first, with
    filters and search; paginated so it stays fast whatever the size."""
    today = timezone.localdate()
    form = WorkbenchFilterForm(request.GET)
    if not form.is_valid():
        return bad_request(request, form)
    export = export_wanted(request)
    if export is None:
        return bad_request(request, ExportForm(request.GET))
    data = form.cleaned_data
    filters = WorkbenchFilters(
        zone=data["zone"].pk if data["zone"] else None,
        department=data["department"].pk if data["department"] else None,
        milestone=data["milestone"].code if data["milestone"] else "",
        state=data["state"],
        q=data["q"],
    )
    mine = not has_role(request.user, Role.SUPERVISOR) or data["mine"]
    if getattr(request.user, "agent_profile", None) is None:
        raise PermissionDenied
    cases = cases_visible_to(request.user)
    if mine:
        cases = cases.filter(agent=request.user.agent_profile)
    if filters.q:  # a search narrows the open cases too: nothing found lists nothing
        cases = cases.filter(search_condition(filters.q))
    items = workbench_items(request.user, filters, mine=mine)
    if export:  # every page of what the filters chose
        return item_sheet(_("待办事项"), items, today)
    page = Paginator(items, PAGE_SIZE).get_page(data["page"])
    item_rows(page.object_list, today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/cases/workbench.html",
        {
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "zones": Zone.objects.order_by("division_code", "name"),
            "departments": Department.objects.order_by("name"),
            "milestones": MilestoneDefinition.objects.filter(is_active=True),
            "states": [s for s in ItemState.choices if s[0] != ItemState.DELIVERED],
            "open_cases": cases.filter(state__in=("intake", "authorised")).select_related("enterprise")[:20],
            "alerts": open_alerts(owner_id=request.user.pk)
            if mine
            else open_alerts(centre_key=request.user.agent_profile.centre_id),
            "today": today,
        },
    )


@role_required(Role.AGENT, Role.SUPERVISOR)
def case_new(request):
    """A first contact: the agent who takes it owns the case."""
    agent = getattr(request.user, "agent_profile", None)
    if agent is None:
        raise PermissionDenied
    form = FirstContactForm(request.POST or None, initial={"on": timezone.localdate(), "channel": "phone"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                enterprise = data.get("enterprise") or enterprise_register(
                    name=data["enterprise_name"],
                    credit_code=data["credit_code"],
                    zone=data["zone"],
                    industry=data["industry"],
                    agent=agent,
                    by=request.user,
                )
                if data["contact_name"] and data["contact_phone"]:
                    EnterpriseContact.objects.get_or_create(
                        enterprise=enterprise, name=data["contact_name"], defaults={"phone": data["contact_phone"]}
                    )
                case = case_open(
                    enterprise=enterprise,
                    agent=agent,
                    channel=data["channel"],
                    summary=data["summary"],
                    on=data["on"],
                    by=request.user,
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已登记首次接洽，案件 %(number)s 由您负责") % {"number": case.number})
            return redirect("projects:case_detail", pk=case.pk)
    return render(request, "projects/cases/new.html", {"form": form})


def _visible_case(request, pk):
    if not request.user.is_authenticated:
        return None
    return get_object_or_404(case_detail(cases_visible_to(request.user)), pk=pk)


def case_detail_view(request, pk: int):
    case = _visible_case(request, pk)
    if case is None:
        return redirect_to_login(request.get_full_path())
    today = timezone.localdate()
    side = case_side(case, request.user)
    is_staff = side == "staff"
    # A correction's form names the item's materials: read them once for every item.
    requirements = Prefetch("approval_item__requirements", MaterialRequirement.objects.select_related("material"))
    items = items_with_waits(
        case.items.prefetch_related(requirements), today, for_enterprise=side not in ("staff", "former")
    )
    context = {"case": case, "items": items, "is_staff": is_staff, "is_former": side == "former", "today": today}
    if side == "enterprise":  # its results, each confirmed with one button
        context.update({"deliveries": deliveries_of(cases_visible_to(request.user).filter(pk=case.pk)), "back": "case"})
    if side == "former":  # the history of a case they handed over, and who has it now
        context.update({"timeline": _timeline(case, items), "handed_over": case_handed_over(case)})
    if is_staff:
        for item in items:
            # The item's moves from its state, each with the fields its row of ITEM_ACTIONS
            # takes, what follows it if it cannot be undone, and why it cannot be taken now.
            item.actions = [
                {"name": t.name, "reason": reason, **ITEM_ACTIONS[t.name]._asdict()}
                for t, reason in transition_options(item, user=request.user)
            ]
        may_reassign = has_role(request.user, Role.ADMINISTRATOR) or (
            has_role(request.user, Role.SUPERVISOR)
            and getattr(getattr(request.user, "agent_profile", None), "centre_id", None) == case.agent.centre_id
        )
        search = PickerSearchForm(request.GET)
        if not search.is_valid():
            return bad_request(request, search, back=_back(case))
        kept = input_kept(request)  # a refused form comes back with what was typed

        def form(name, form_class, **kwargs):
            return kept_form(kept, reverse(f"projects:{name}", args=[case.pk]), form_class, **kwargs)

        capture = "project" not in kept.get("data", {})  # both project forms post to one address
        context.update(
            {
                "kept": kept,
                "timeline": _timeline(case, items),
                "action_form": ItemActionForm(initial={"on": today, "trips": 0}),
                "items_form": form("case_items", ItemsChooseForm),
                "link_form": form("case_project", ProjectLinkForm, case=case)
                if not capture
                else ProjectLinkForm(case=case),
                "handover_form": form("handover_request", HandoverRequestForm),
                "handovers": list(handovers_of_case(case)),
                "capture_form": form("case_project", ProjectCaptureForm, initial={"zone": case.enterprise.zone_id})
                if capture
                else ProjectCaptureForm(initial={"zone": case.enterprise.zone_id}),
                "authorisation_form": form("case_authorise", AuthorisationForm, initial={"signed_on": today}),
                "commitment_form": form("case_commitment", CommitmentForm, initial={"on": today}),
                "contact_form": form("case_contact", ContactLogForm, initial={"on": today}),
                "reassign_form": form(
                    "case_reassign", ReassignForm, centre=case.agent.centre, exclude=case.agent_id, today=today
                )
                if may_reassign
                else None,
                "authorisation": getattr(case, "authorisation", None),
                "close_refusal": case_close_refusal(case) if case.state == CaseState.AUTHORISED else "",
            }
        )
        context.update(_picker(case, search.cleaned_data["q"], context["items_form"]))
    return render(request, "projects/cases/detail.html", context)


def _picker(case, q: str, form) -> dict:
    """The item picker: the catalogue by department in process order, what the
    project's type normally needs pre-selected (or, after a refused post, what was
    ticked), and the bundles with what they contain."""
    groups = item_picker(case, q)
    suggested = sorted((i for g in groups for i in g.items if i.suggested), key=lambda i: (i.stage, i.code))
    if form.is_bound:
        ticked, by_commitment = set(form.data.getlist("items")), set(form.data.getlist("by_commitment"))
    else:
        ticked, by_commitment = {str(i.pk) for i in suggested}, set()
    return {
        "picker": groups,
        "picker_q": q,
        "picker_suggested": suggested,
        "picker_ticked": ticked,
        "picker_by_commitment": by_commitment,
        "bundles": bundles_offered(),
    }


def _timeline(case, items) -> list:
    entries = timeline_order(list(audit_trail_of([case, *items, *case.notices.all(), *case.submissions.all()])))
    for entry in entries:
        entry.label = audit_event_label(entry.event)
    return entries


def _staff_case(request, pk):
    """The case, for a page that acts on it: its staff only (an agent who handed it
    over still reads it, and is refused here)."""
    case = _visible_case(request, pk)
    if case is None or not staff_on_case(case, request.user):
        raise PermissionDenied
    return case


def _back(case) -> str:
    return reverse("projects:case_detail", args=[case.pk])


def _post(request, pk, form_class, run, form_kwargs=None):
    """Read ``form_class`` from the post and ``run(case, data, form)`` through
    ``page_act``; refusals become messages on the case page."""
    case = _staff_case(request, pk)
    form = form_class(request.POST, request.FILES, **(form_kwargs(case) if form_kwargs else {}))
    return page_act(request, lambda data: run(case, data, form), form=form, back=_back(case))


@require_POST
def case_items(request, pk: int):
    def run(case, data, form):
        created = case_items_choose(
            case=case,
            approval_items=form.chosen(),
            by=request.user,
            by_commitment=[i.pk for i in data["by_commitment"]],
        )
        return _("已添加 %(n)s 个事项") % {"n": len(created)}

    return _post(request, pk, ItemsChooseForm, run)


@require_POST
def case_project(request, pk: int):
    def link(case, data, form):
        case_project_link(case=case, project=data["project"], by=request.user)

    def capture(case, data, form):
        project = form.save(commit=False)
        project.enterprise = case.enterprise
        project.agent = case.agent
        with transaction.atomic():
            project_create(project=project, by=request.user)
        case_project_link(case=case, project=project, by=request.user)

    if "project" in request.POST:
        return _post(request, pk, ProjectLinkForm, link, form_kwargs=lambda case: {"case": case})
    return _post(request, pk, ProjectCaptureForm, capture)


@require_POST
def case_authorise(request, pk: int):
    def run(case, data, form):
        cases_services.case_authorise(
            case=case,
            signed_on=data["signed_on"],
            signatory=data["signatory"],
            scope=data["scope"],
            document=data.get("document"),
            by=request.user,
        )

    return _post(request, pk, AuthorisationForm, run)


@require_POST
def case_commitment(request, pk: int):
    def run(case, data, form):
        case_commitment_record(
            case=case, content=data["content"], working_days=data["working_days"], on=data["on"], by=request.user
        )

    return _post(request, pk, CommitmentForm, run)


@require_POST
def case_contact(request, pk: int):
    def run(case, data, form):
        case_contact_record(case=case, channel=data["channel"], summary=data["summary"], on=data["on"], by=request.user)

    return _post(request, pk, ContactLogForm, run)


@require_POST
def case_reassign(request, pk: int):
    def run(case, data, form):
        cases_services.case_reassign(case=case, to=data["to"], reason=data["reason"], by=request.user)
        return _("案件已改派给 %(agent)s") % {"agent": data["to"]}

    return _post(
        request,
        pk,
        ReassignForm,
        run,
        form_kwargs=lambda case: {"centre": case.agent.centre, "exclude": case.agent_id, "today": timezone.localdate()},
    )


@require_POST
def case_close(request, pk: int):
    case = _staff_case(request, pk)
    return page_act(
        request, lambda: cases_services.case_close(case=case, by=request.user) and _("案件已办结"), back=_back(case)
    )


@require_POST
def item_action(request, pk: int, item_pk: int, action: str):
    def run(case, data, form):
        item = get_object_or_404(
            ProjectItem.objects.select_related("approval_item", "case__agent"), pk=item_pk, case=case
        )
        fields = {k: v for k, v in data.items() if k != "on"}
        item_action_perform(item=item, action=action, on=data["on"], by=request.user, **fields)
        return _("%(item)s：%(state)s") % {"item": item.approval_item, "state": item.get_state_display()}

    return _post(request, pk, ItemActionForm, run)


def case_authorisation_document(request, pk: int):
    """The scanned authorisation, to the case's staff and the enterprise only (uploads
    are never served from /media/)."""
    case = _visible_case(request, pk)
    if case is None:
        return redirect_to_login(request.get_full_path())
    authorisation = getattr(case, "authorisation", None)
    if authorisation is None or not authorisation.document:
        raise Http404
    return file_response(authorisation.document, download_name=authorisation.document_name)


def _alert_visible(alert, user) -> bool:
    if has_role(user, Role.ADMINISTRATOR) or alert.deadline.owner_id == user.pk:
        return True
    profile = getattr(user, "agent_profile", None)
    return bool(has_role(user, Role.SUPERVISOR) and profile and alert.deadline.centre_key == profile.centre_id)


@require_POST
@role_required(Role.AGENT, Role.SUPERVISOR, Role.ADMINISTRATOR)
def alert_acknowledge(request, pk: int):
    """知道了: the alert leaves the workbench; the audit trail keeps it."""
    alert = get_object_or_404(Alert.objects.select_related("deadline"), pk=pk)
    if not _alert_visible(alert, request.user):
        raise Http404
    supervision_services.alert_acknowledge(alert=alert, by=request.user)
    messages.success(request, _("已确认提醒：%(title)s") % {"title": alert.deadline.title})
    return redirect("projects:workbench")
