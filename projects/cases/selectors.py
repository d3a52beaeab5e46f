"""What cases and items a user may see; the workbench and the centre's load; whom each
item waits on and why, in words (one home for that wording: the case page, the
enterprise's home), and the results delivered."""

import datetime as dt
import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from crm.accounts.roles import Role, user_roles
from crm.audit.models import AuditEntry
from crm.calendar.selectors import clock_figures_annotate, clock_rows
from crm.models import Deadline, DeadlineState
from projects.cases.errors import CaseError
from projects.models import (
    ITEM_CLOCK_PAUSED,
    ITEM_CLOCK_RUNNING,
    ApprovalItem,
    CaseState,
    DeliveryMethod,
    ItemBundle,
    ItemState,
    MilestoneState,
    ProjectCodeChange,
    ProjectItem,
    ProxyCase,
)

OPEN_CASE_STATES = (CaseState.INTAKE, CaseState.AUTHORISED)


OPEN_ITEM_STATES = [state for state in ItemState.values if state != ItemState.DELIVERED]


def case_scope(user, prefix: str = "") -> Q | None:
    """The cases the user may open, as a condition on ``<prefix>``-related cases
    (None: all of them): staff of the case (its agent, supervisors of that agent's
    centre, administrators) and the enterprise's own contacts. A join condition,
    not a subquery, so PostgreSQL can start from the agent's cases."""
    roles = user_roles(user)
    if Role.ADMINISTRATOR in roles:
        return None
    scope = Q(pk__in=[])
    profile = getattr(user, "agent_profile", None)
    if profile is not None and Role.SUPERVISOR in roles:
        scope |= Q(**{f"{prefix}agent__centre_id": profile.centre_id})
    if profile is not None and Role.AGENT in roles:
        scope |= Q(**{f"{prefix}agent_id": profile.pk})
    if profile is not None and (Role.AGENT in roles or Role.SUPERVISOR in roles):
        # Cases they handed over: read-only (case_side "former"); a subquery, so a case
        # handed over by several agents is still one row.
        handed_over = ProxyCase.former_agents.through.objects.filter(proxyagent_id=profile.pk)
        scope |= Q(**{f"{prefix}pk__in": handed_over.values("proxycase_id")})
    if Role.ENTERPRISE in roles and hasattr(user, "enterprise_contact"):
        scope |= Q(**{f"{prefix}enterprise_id": user.enterprise_contact.enterprise_id})
    return scope


def case_close_refusal(case: ProxyCase) -> str:
    """Why the case cannot be closed now, in the words the closing service refuses
    with ("" if it can): items not yet delivered."""
    open_items = [
        str(i.approval_item) for i in case.items.select_related("approval_item").exclude(state=ItemState.DELIVERED)
    ]
    if not open_items:
        return ""
    return CaseError.OPEN_ITEMS.label % {"items": "、".join(open_items)}


@dataclass
class PickerGroup:
    """A department and its items, for the item picker."""

    department: str
    items: list


def item_picker(case: ProxyCase, q: str = "") -> list[PickerGroup]:
    """The active catalogue for the case's item picker, grouped by department, the
    departments and their items in process order (``ApprovalItem.stage``). Each item
    carries ``chosen`` (already in the case) and ``suggested`` (what the case's project
    type, or a new enterprise, normally needs); ``q`` keeps the items whose name, code
    or department contains it. Two queries."""
    items = ApprovalItem.objects.filter(is_active=True).select_related("department")
    if q:
        items = items.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(department__name__icontains=q))
    have = set(case.items.values_list("approval_item_id", flat=True))
    project_type = case.project.project_type if case.project_id else None
    new_enterprise = not case.enterprise.credit_code
    groups: dict[int, PickerGroup] = {}
    for item in sorted(items, key=lambda i: (i.stage, i.code)):
        item.chosen = item.pk in have
        item.suggested = not item.chosen and (
            (project_type is not None and project_type in item.project_types)
            or (new_enterprise and item.new_enterprise)
        )
        group = groups.setdefault(item.department_id, PickerGroup(item.department.name, []))
        group.items.append(item)
    return list(groups.values())  # a department comes where its first item does


def bundles_offered() -> list:
    """The active bundles, each with the active items it holds in process order."""
    active = ApprovalItem.objects.filter(is_active=True).order_by("stage", "code")
    return list(
        ItemBundle.objects.filter(is_active=True).prefetch_related(Prefetch("items", active, to_attr="offered"))
    )


def case_handed_over(case: ProxyCase):
    """The case's last hand-over (its audit entry: when, by whom, why), for the page an
    agent who handed it over reads."""
    return (
        AuditEntry.objects.filter(
            subject_type=ContentType.objects.get_for_model(ProxyCase),
            subject_id=str(case.pk),
            event="case.reassigned",
        )
        .order_by("-pk")
        .first()
    )


def items_with_figures(items: QuerySet[ProjectItem]) -> QuerySet[ProjectItem]:
    """Items with what their two clocks need (pause days per party, the open pause),
    in the query that reads them."""
    return clock_figures_annotate(items)


def item_rows(items, today: dt.date) -> list[ProjectItem]:
    """Items (from ``items_with_figures``) with their level, days left, whom a stopped
    one waits on, and their two clocks: the department's working days from acceptance
    to the decision (or today) against the committed days, the enterprise's and the
    others' apart."""
    return clock_rows(items, today=today)


class WaitsOn:
    ENTERPRISE = "enterprise"
    AGENT = "agent"
    DEPARTMENT = "department"
    NOBODY = "nobody"


@dataclass(frozen=True, slots=True)
class ItemWaits:
    party: str  # a WaitsOn value
    words: str


def _day(day: dt.date | None) -> str:
    return date_format(day, "Y-m-d") if day else ""


def item_waits(item: ProjectItem, *, for_enterprise: bool = True) -> ItemWaits:
    """Whom ``item`` waits on and why, in words, for every state. ``item``: a row of
    ``item_rows`` (its open pause read) with its case's agent and its department."""
    you = _("贵企业") if for_enterprise else _("企业")
    agent = str(item.case.agent)
    department = item.approval_item.department.name
    state = item.state
    if state == ItemState.PREPARING:
        return ItemWaits(WaitsOn.AGENT, _("代办员（%(agent)s）预审材料") % {"agent": agent})
    if state in (ItemState.CORRECTING, ItemState.RETURNED):
        reason = item.wait.reason if getattr(item, "wait", None) else _("所需材料请向代办员了解")
        if state == ItemState.RETURNED:
            words = _("%(department)s退回补正，等待%(you)s补正：%(reason)s")
        else:
            words = _("等待%(you)s补正：%(reason)s")
        return ItemWaits(WaitsOn.ENTERPRISE, words % {"you": you, "reason": reason, "department": department})
    if state == ItemState.READY:
        if item.case.state == CaseState.INTAKE:
            return ItemWaits(
                WaitsOn.ENTERPRISE,
                _("预审通过，待%(you)s签订代办委托书后由代办员（%(agent)s）提交") % {"you": you, "agent": agent},
            )
        return ItemWaits(
            WaitsOn.AGENT,
            _("预审通过，等待代办员（%(agent)s）向%(department)s提交") % {"agent": agent, "department": department},
        )
    if state == ItemState.SUBMITTED:
        return ItemWaits(WaitsOn.DEPARTMENT, _("等待%(department)s受理") % {"department": department})
    if state in (ItemState.ACCEPTED, ItemState.IN_REVIEW):
        overdue = getattr(item, "overdue_days", 0)
        if overdue:
            words = _("%(department)s审查中，已超过承诺办结日%(due)s %(n)s个工作日，代办员（%(agent)s）负责催办") % {
                "department": department,
                "due": _day(item.due_date),
                "n": overdue,
                "agent": agent,
            }
        else:
            words = _("%(department)s审查中，承诺%(due)s前办结") % {
                "department": department,
                "due": _day(item.due_date),
            }
        if item.due_provisional:
            words += _("（暂定）")
        return ItemWaits(WaitsOn.DEPARTMENT, words)
    if state == ItemState.APPROVED:
        return ItemWaits(WaitsOn.AGENT, _("准予许可，等待代办员（%(agent)s）送达") % {"agent": agent})
    if state == ItemState.REJECTED:
        return ItemWaits(WaitsOn.AGENT, _("不予许可，等待代办员（%(agent)s）送达决定书") % {"agent": agent})
    # delivered
    if item.receipt_confirmed_on:
        return ItemWaits(
            WaitsOn.NOBODY, _("%(you)s已于%(on)s确认收件") % {"you": you, "on": _day(item.receipt_confirmed_on)}
        )
    return ItemWaits(WaitsOn.ENTERPRISE, _("已送达，待%(you)s确认收件") % {"you": you})


def items_with_waits(items, today: dt.date, *, for_enterprise: bool = True) -> list[ProjectItem]:
    """Rows of ``item_rows`` with ``waits`` (an ``ItemWaits``)."""
    rows = item_rows(items, today)
    for item in rows:
        item.waits = item_waits(item, for_enterprise=for_enterprise)
    return rows


def delivery_words(item: ProjectItem) -> str:
    """How the result reached the enterprise: the method, with the carrier and the
    tracking number of an express delivery."""
    if item.delivery_method == DeliveryMethod.EXPRESS:
        return _("快递送达（%(carrier)s 运单号 %(no)s）") % {"carrier": item.carrier, "no": item.tracking_no}
    return str(DeliveryMethod(item.delivery_method).label) if item.delivery_method else ""


def trips_default(item: ProjectItem) -> int:
    """The enterprise's trips as the delivery method suggests: collecting at the window
    is one trip, everything else none."""
    return 1 if item.delivery_method == DeliveryMethod.WINDOW else 0


def deliveries_of(cases: QuerySet[ProxyCase]) -> list[ProjectItem]:
    """The results delivered to these cases' enterprise, those awaiting its
    confirmation first, then the newest."""
    rows = list(
        ProjectItem.objects.filter(case__in=cases, state=ItemState.DELIVERED)
        .select_related("approval_item__department", "case", "receipt_confirmed_by")
        .annotate(confirmed=ExpressionWrapper(Q(receipt_confirmed_on__isnull=False), output_field=BooleanField()))
        .order_by("confirmed", "-delivered_on", "-pk")
    )
    for item in rows:
        item.delivery_words = delivery_words(item)
        item.trips_default = trips_default(item)
    return rows


def items_warned(items: QuerySet[ProjectItem], today: dt.date) -> QuerySet[ProjectItem]:
    """The running ones among ``items`` in early warning or overdue on ``today``: by
    the warning day their supervision deadline holds (``crm.calendar.clock.warn_on``,
    the one warning rule), joined in the query."""
    warned = Deadline.objects.filter(
        subject_type__app_label=ProjectItem._meta.app_label,
        subject_type__model=ProjectItem._meta.model_name,
        facet="",
        state=DeadlineState.OPEN,
        warn_on__lte=today,
    )
    return items.filter(state__in=ITEM_CLOCK_RUNNING, pk__in=warned.values("subject_id"))


def cases_visible_to(user) -> QuerySet[ProxyCase]:
    scope = case_scope(user)
    return ProxyCase.objects.all() if scope is None else ProxyCase.objects.filter(scope)


@dataclass(frozen=True)
class WorkbenchFilters:
    zone: int | None = None
    department: int | None = None
    milestone: str = ""  # a milestone definition code: items of projects where it is open
    state: str = ""
    q: str = ""


def workbench_items(user, filters: WorkbenchFilters, *, mine: bool = False) -> QuerySet[ProjectItem]:
    """Open items of the cases the user may see (``mine``: only the cases they own),
    most urgent first: running clocks by due date (overdue first), then paused ones,
    then those not yet accepted. A fixed number of queries whatever the size."""
    items = ProjectItem.objects.filter(state__in=OPEN_ITEM_STATES)
    scope = case_scope(user, prefix="case__")
    if scope is not None:
        items = items.filter(scope)
    if mine:
        items = items.filter(case__agent_id=user.agent_profile.pk)
    if filters.zone:
        items = items.filter(case__enterprise__zone_id=filters.zone)
    if filters.department:
        items = items.filter(approval_item__department_id=filters.department)
    if filters.state:
        items = items.filter(state=filters.state)
    if filters.milestone:
        items = items.filter(
            case__project__milestones__definition__code=filters.milestone,
            case__project__milestones__state__in=[MilestoneState.RUNNING, MilestoneState.PAUSED],
        )
    if filters.q:
        items = items.filter(search_condition(filters.q, prefix="case__"))
    return (
        items_with_figures(items)
        .annotate(
            clock_order=Case(
                When(state__in=ITEM_CLOCK_RUNNING, then=Value(0)),
                When(state__in=ITEM_CLOCK_PAUSED, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .select_related("approval_item__department", "case__enterprise", "case__project", "case__agent__user")
        .order_by("clock_order", "due_date", "case__first_contact_on", "pk")
    )


CREDIT_CODE_SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")


PROJECT_CODE_START = re.compile(r"^\d{4}-")


def search_condition(q: str, *, prefix: str = "") -> Q:
    """What the agent typed: a credit code (exact), a project code (current code by
    prefix, or a former code), or else part of the enterprise's name. One kind per
    search, so each uses its own index instead of an OR across tables."""
    q = q.strip()
    if CREDIT_CODE_SHAPE.match(q.upper()):
        return Q(**{f"{prefix}enterprise__credit_code": q.upper()})
    if PROJECT_CODE_START.match(q):
        return Q(**{f"{prefix}project__code__startswith": q}) | Q(
            **{f"{prefix}project_id__in": ProjectCodeChange.objects.filter(old_code=q).values("project_id")}
        )
    return Q(**{f"{prefix}enterprise__name__icontains": q})


def case_detail(cases: QuerySet[ProxyCase]) -> QuerySet[ProxyCase]:
    return cases.select_related("enterprise__zone", "project", "agent__user", "agent__centre").prefetch_related(
        Prefetch(
            "items",
            queryset=items_with_figures(ProjectItem.objects.select_related("approval_item__department").order_by("pk")),
        ),
        "contacts__recorded_by",
        "commitments",
    )


def centre_item_load(centre, today) -> dict[int, tuple[int, int, int]]:
    """Per agent of the centre: open cases, open items, overdue items (three queries)."""
    cases = dict(
        ProxyCase.objects.filter(agent__centre=centre, state__in=OPEN_CASE_STATES)
        .values_list("agent")
        .annotate(n=Count("pk"))
        .order_by()
    )
    open_items = ProjectItem.objects.filter(case__agent__centre=centre, state__in=OPEN_ITEM_STATES)
    items = dict(open_items.values_list("case__agent").annotate(n=Count("pk")).order_by())
    overdue = dict(
        open_items.filter(state__in=ITEM_CLOCK_RUNNING, due_date__lt=today)
        .values_list("case__agent")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {agent: (cases.get(agent, 0), items.get(agent, 0), overdue.get(agent, 0)) for agent in {*cases, *items}}
