"""Closed cases built through the services, for the rating, callback and contact-card
tests (their world is the ``ratings_world`` fixture of tests/projects/ratings/conftest.py)
and the permission tests."""

import datetime as dt
import itertools

from projects.cases.services import (
    case_authorise,
    case_close,
    case_items_choose,
    case_open,
    item_accept,
    item_approve,
    item_deliver,
    item_pass_prereview,
    item_start_review,
    item_submit,
)
from projects.models import ProxyCase
from tests.factories import (
    ApprovalItemFactory,
)

_codes = itertools.count(1)

CLOSED_ON = dt.date(2026, 3, 17)


def open_case(*, agent, enterprise, on: dt.date = dt.date(2026, 3, 2)) -> ProxyCase:
    return case_open(
        enterprise=enterprise, agent=agent, channel="phone", summary="新建厂房，咨询施工许可", on=on, by=agent.user
    )


def closed_case(*, agent, enterprise, on: dt.date = CLOSED_ON, start: dt.date | None = None) -> ProxyCase:
    """A case carried from first contact to closure, its one item delivered."""
    start = start or min(on, dt.date(2026, 3, 2))
    by = agent.user
    case = open_case(agent=agent, enterprise=enterprise, on=start)
    (item,) = case_items_choose(
        case=case, approval_items=[ApprovalItemFactory(code=f"320903-HP-{next(_codes):04d}", committed_days=10)], by=by
    )
    case_authorise(case=case, signed_on=start, signatory="张总", scope="施工许可全流程代办", by=by)
    item_pass_prereview(item=item, on=start, by=by)
    item_submit(item=item, on=start, by=by)
    item_accept(item=item, acceptance_no=f"SL-{case.pk}", on=start, by=by)
    item_start_review(item=item, on=start, by=by)
    item_approve(item=item, decision_no=f"建许〔2026〕{case.pk}号", on=on, by=by)
    item_deliver(item=item, method="push", trips=0, on=on, by=by)
    return case_close(case=case, on=on, by=by)
