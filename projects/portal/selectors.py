"""What the enterprise's home reads besides the topics' own rows (the milestones'
progress: projects.investment.selectors; whom each item waits on and the results
delivered: projects.cases.selectors): its items, the trips its results cost, whether
each case's one-time notice is out."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from projects.cases.selectors import ItemWaits, WaitsOn, items_with_figures
from projects.models import (
    ItemPause,
    ItemState,
    MaterialSubmission,
    OneTimeNotice,
    PauseCause,
    ProjectItem,
    ProxyCase,
    SubmissionState,
)
from projects.portal.submissions.selectors import case_requests


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


# --- what the enterprise must do next --------------------------------------------------


def cases_asking(cases: list[ProxyCase]) -> set[int]:
    """Of these cases, those that ask the enterprise for something now: an open
    correction, or an upload the agent asked to be handed in again (one query)."""
    ids = [case.pk for case in cases]
    open_pause = ItemPause.objects.filter(
        item__case_id=OuterRef("pk"),
        item__state__in=(ItemState.CORRECTING, ItemState.RETURNED),
        resumed_on__isnull=True,
        cause=PauseCause.CORRECTION,
    )
    asked_again = MaterialSubmission.objects.filter(case_id=OuterRef("pk"), state=SubmissionState.RESUBMIT)
    return set(
        ProxyCase.objects.filter(pk__in=ids)
        .filter(Exists(open_pause) | Exists(asked_again))
        .values_list("pk", flat=True)
    )


def enterprise_todo(case: ProxyCase, items: list[ProjectItem], today: dt.date) -> list:
    """What the case asks of its enterprise now (rows of the submissions' requests: the
    materials a correction names and the uploads to hand in again, each with its reason).
    An item whose correction has every material handed in waits on the agent's review,
    not on the enterprise (its ``waits`` says so)."""
    todo, reviewing = [], set()
    for group in case_requests(case, on=today):
        if group.pause is None:
            todo += [r for r in group.rows if r.latest is not None and r.latest.state == SubmissionState.RESUBMIT]
            continue
        todo += [r for r in group.rows if r.may_submit]
        if group.rows and all(r.latest is not None and r.latest.state == SubmissionState.PENDING for r in group.rows):
            reviewing.add(group.pause.item_id)
    for item in items:
        if item.pk in reviewing:
            item.waits = ItemWaits(
                WaitsOn.AGENT,
                _("补正材料已提交，等待代办员（%(agent)s）审核") % {"agent": item.case.agent},
            )
    return todo
