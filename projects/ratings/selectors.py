import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, QuerySet

from agents.models import ServiceCentre
from crm.accounts.roles import Role, user_roles
from projects.models import (
    Callback,
    CallbackState,
    CaseState,
    Enterprise,
    ProxyCase,
    Rating,
    RatingLevel,
)

NONE = Q(pk__in=[])


def cases_of_own_enterprise(user) -> QuerySet[ProxyCase]:
    """An enterprise contact's own enterprise's cases; nothing for anyone else."""
    contact = getattr(user, "enterprise_contact", None)
    if Role.ENTERPRISE not in user_roles(user) or contact is None:
        return ProxyCase.objects.none()
    return ProxyCase.objects.filter(enterprise_id=contact.enterprise_id)


def cases_to_rate(user) -> QuerySet[ProxyCase]:
    """The closed ones among them, with their rating (if any), newest first."""
    return (
        cases_of_own_enterprise(user)
        .filter(state=CaseState.CLOSED)
        .select_related("agent__user", "project", "rating")
        .order_by("-closed_on", "-pk")
    )


def callbacks_visible_to(user) -> QuerySet[Callback]:
    """Administrators: all; supervisors: those of their centre's cases; an agent:
    those assigned to them (a centre without a supervisor)."""
    roles = user_roles(user)
    callbacks = Callback.objects.all()
    if Role.ADMINISTRATOR in roles:
        return callbacks
    profile = getattr(user, "agent_profile", None)
    scope = NONE
    if profile is not None and Role.SUPERVISOR in roles:
        scope |= Q(case__agent__centre_id=profile.centre_id)
    if profile is not None and (Role.AGENT in roles or Role.SUPERVISOR in roles):
        scope |= Q(assigned_to=profile)
    return callbacks.filter(scope)


def callback_rows(callbacks: QuerySet[Callback]) -> QuerySet[Callback]:
    """Callbacks with what their rows show, by deadline (most urgent first)."""
    return callbacks.select_related(
        "case__enterprise", "case__agent__user", "assigned_to__user", "rating", "draw"
    ).order_by("due_date", "pk")


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class CentreFigures:
    """One centre's rating distribution and callback closure."""

    centre: ServiceCentre
    levels: dict[int, int] = field(default_factory=lambda: dict.fromkeys(RatingLevel.values, 0))
    callbacks_on_time: int = 0
    callbacks_late: int = 0
    callbacks_open: int = 0
    callbacks_open_overdue: int = 0

    @property
    def distribution(self) -> list[tuple[RatingLevel, int, Decimal | None]]:
        return [(level, self.levels[level], _percent(self.levels[level], self.ratings)) for level in RatingLevel]

    @property
    def ratings(self) -> int:
        return sum(self.levels.values())

    @property
    def satisfied_share(self) -> Decimal | None:
        """非常满意 and 满意."""
        good = self.levels[RatingLevel.VERY_SATISFIED] + self.levels[RatingLevel.SATISFIED]
        return _percent(good, self.ratings)

    @property
    def bad_share(self) -> Decimal | None:
        """差评 as the national scheme counts it: 不满意 and 非常不满意."""
        bad = self.levels[RatingLevel.UNSATISFIED] + self.levels[RatingLevel.VERY_UNSATISFIED]
        return _percent(bad, self.ratings)

    @property
    def callbacks(self) -> int:
        return self.callbacks_on_time + self.callbacks_late + self.callbacks_open

    @property
    def closure_rate(self) -> Decimal | None:
        return _percent(self.callbacks_on_time + self.callbacks_late, self.callbacks)

    @property
    def on_time_rate(self) -> Decimal | None:
        return _percent(self.callbacks_on_time, self.callbacks)


def rating_figures(centres: QuerySet[ServiceCentre], *, today: dt.date) -> list[CentreFigures]:
    """Per centre (of the case's agent): how ratings are distributed over the five
    levels, and how callbacks closed (on time, late) or stand open (and how many of
    those are overdue). Three queries, however many centres and rows."""
    figures = {centre.pk: CentreFigures(centre=centre) for centre in centres.order_by("name")}
    ratings = (
        Rating.objects.filter(case__agent__centre_id__in=figures)
        .values("case__agent__centre_id", "level")
        .annotate(n=Count("pk"))
    )
    for row in ratings:
        figures[row["case__agent__centre_id"]].levels[row["level"]] = row["n"]
    closed = Q(state=CallbackState.CLOSED)
    callbacks = (
        Callback.objects.filter(case__agent__centre_id__in=figures)
        .values("case__agent__centre_id")
        .annotate(
            on_time=Count("pk", filter=closed & Q(closed_on__lte=F("due_date"))),
            late=Count("pk", filter=closed & Q(closed_on__gt=F("due_date"))),
            open=Count("pk", filter=~closed),
            open_overdue=Count("pk", filter=~closed & Q(due_date__lt=today)),
        )
    )
    for row in callbacks:
        centre = figures[row["case__agent__centre_id"]]
        centre.callbacks_on_time, centre.callbacks_late = row["on_time"], row["late"]
        centre.callbacks_open, centre.callbacks_open_overdue = row["open"], row["open_overdue"]
    return list(figures.values())


def figure_centres_of(user) -> QuerySet[ServiceCentre]:
    """The centres whose figures the user sees: all for administrators, their own
    for a supervisor, none otherwise."""
    roles = user_roles(user)
    if Role.ADMINISTRATOR in roles:
        return ServiceCentre.objects.all()
    profile = getattr(user, "agent_profile", None)
    if Role.SUPERVISOR in roles and profile is not None:
        return ServiceCentre.objects.filter(pk=profile.centre_id)
    return ServiceCentre.objects.none()


def enterprises_card_visible_to(user) -> QuerySet[Enterprise]:
    """Whose contact card the user may open: administrators any; the enterprise's
    assigned agent; any agent owning one of its cases; a supervisor of the centre of
    either; the enterprise's own contacts."""
    roles = user_roles(user)
    enterprises = Enterprise.objects.all()
    if Role.ADMINISTRATOR in roles:
        return enterprises
    scope = NONE
    profile = getattr(user, "agent_profile", None)
    if profile is not None and (Role.AGENT in roles or Role.SUPERVISOR in roles):
        scope |= Q(assigned_agent=profile) | Q(pk__in=ProxyCase.objects.filter(agent=profile).values("enterprise_id"))
    if profile is not None and Role.SUPERVISOR in roles:
        scope |= Q(assigned_agent__centre_id=profile.centre_id) | Q(
            pk__in=ProxyCase.objects.filter(agent__centre_id=profile.centre_id).values("enterprise_id")
        )
    contact = getattr(user, "enterprise_contact", None)
    if contact is not None and Role.ENTERPRISE in roles:
        scope |= Q(pk=contact.enterprise_id)
    return enterprises.filter(scope)


def contact_card_of(enterprise: Enterprise) -> dict:
    """What the card shows: the agent and their centre (the assigned agent; when
    none is assigned, the agent of the enterprise's latest case), the responsible
    leader and the enterprise's contacts."""
    agent = enterprise.assigned_agent
    if agent is None:
        latest = (
            ProxyCase.objects.filter(enterprise=enterprise)
            .select_related("agent__user", "agent__centre")
            .order_by("-first_contact_on", "-pk")
            .first()
        )
        agent = latest.agent if latest else None
    return {
        "enterprise": enterprise,
        "agent": agent,
        "centre": agent.centre if agent else None,
        "leader": enterprise.responsible_leader,
        "contacts": list(enterprise.contacts.all()),
    }
