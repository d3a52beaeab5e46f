"""The enterprise's side in the demo, played through its services: enterprise1 (周建平)
has confirmed receipt of its planning permit sent by express and still has the land
title the agent handed over to confirm; the rated case with a finished callback is
enterprise4's (played by projects.demo)."""

import datetime as dt

from crm.accounts.models import User
from crm.calendar.workdays import workdays_add
from projects.models import DeliveryMethod, ItemState, ProjectItem
from projects.portal.services import item_receipt_confirm

RECEIPT_CONTACT = "enterprise1"
RECEIPT_PROJECT = "年产30万套新能源汽车电机项目"


def portal_demo(today: dt.date) -> int:
    """Confirm receipt of the express delivery of ``RECEIPT_PROJECT``'s case, the
    working day after it arrived, with no trip. Once: a second run creates nothing."""
    item = (
        ProjectItem.objects.filter(
            case__project__name=RECEIPT_PROJECT, state=ItemState.DELIVERED, delivery_method=DeliveryMethod.EXPRESS
        )
        .select_related("case")
        .order_by("pk")
        .first()
    )
    if item is None or item.receipt_confirmed_on is not None:
        return 0
    on = min(workdays_add(item.delivered_on, 1).date, today)
    item_receipt_confirm(item=item, trips=0, by=User.objects.get(username=RECEIPT_CONTACT), on=on)
    return 1
