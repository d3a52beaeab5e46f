"""What the enterprise's home reads besides the topics' own rows (the milestones'
progress: projects.investment.selectors; whom each item waits on and the results
delivered: projects.cases.selectors): its items, the trips its results cost, whether
each case's one-time notice is out."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from projects.cases.selectors import items_with_figures
from projects.models import (
    ItemState,
    OneTimeNotice,
    ProjectItem,
    ProxyCase,
)


def enterprise_items(cases: QuerySet[ProxyCase]) -> QuerySet[ProjectItem]:
    """The items of these cases with what their wording needs, in a fixed number of queries."""
    return (
        items_with_figures(ProjectItem.objects.filter(case__in=cases))
        .select_related("approval_item__department", "case__agent__user", "case__enterprise")
        .order_by("case__first_contact_on", "case_id", "pk")
    )


# --- trips ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TripFigures:
    """Delivered items by the trips the enterprise made (零跑动 / 最多跑一次)."""

    delivered: int
    zero: int
    one: int

    @property
    def zero_share(self) -> int | None:
        return round(100 * self.zero / self.delivered) if self.delivered else None

    @property
    def at_most_one_share(self) -> int | None:
        return round(100 * (self.zero + self.one) / self.delivered) if self.delivered else None


def trip_figures(items: QuerySet[ProjectItem]) -> TripFigures:
    """One aggregate query: the delivered ones among ``items`` by their trips, as the
    agent recorded them at delivery or as the enterprise answered on confirming."""
    figures = items.filter(state=ItemState.DELIVERED).aggregate(
        delivered=Count("pk"), zero=Count("pk", filter=Q(trips=0)), one=Count("pk", filter=Q(trips=1))
    )
    return TripFigures(**figures)


def cases_with_notice(cases: QuerySet[ProxyCase]) -> QuerySet[ProxyCase]:
    """Cases with ``notice_issued``: whether their one-time notice exists yet."""
    return cases.annotate(notice_issued=Exists(OneTimeNotice.objects.filter(case=OuterRef("pk"))))
