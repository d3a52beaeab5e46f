"""What the enterprise does on its own side: confirm that a result reached it."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from crm.accounts.roles import Role, has_role
from crm.audit.services import audit_record
from crm.calendar.services import day_not_before, day_not_future, day_or_today
from crm.models import NotificationKind
from crm.notifications.services import notify
from projects.live import live_announce
from projects.models import ItemState, ProjectItem
from projects.portal.errors import ReceiptError
from projects.portal.events import ReceiptEvent


def _refuse(error: ReceiptError) -> ValidationError:
    return ValidationError(error.label, code=error.value)


def item_receipt_confirm(*, item: ProjectItem, trips: int, by, on: dt.date | None = None) -> ProjectItem:
    """The enterprise confirms that a delivered result reached it, and says whether it
    had to go anywhere in person for it (``trips``: 0 or 1). Its answer is the item's
    trip count from now on (the zero-trip / one-trip figures follow it); the agent is
    told through the outbox."""
    on = day_or_today(on)
    day_not_future(on)
    contact = getattr(by, "enterprise_contact", None)
    if not has_role(by, Role.ENTERPRISE) or contact is None or contact.enterprise_id != item.case.enterprise_id:
        raise PermissionDenied(ReceiptError.NOT_OWN.label)
    if trips not in (0, 1):
        raise _refuse(ReceiptError.TRIPS_RANGE)
    with transaction.atomic():
        locked = (
            ProjectItem.objects.select_for_update(of=("self",))
            .select_related("case__agent__user", "approval_item")
            .get(pk=item.pk)
        )
        if locked.state != ItemState.DELIVERED:
            raise _refuse(ReceiptError.NOT_DELIVERED)
        if locked.receipt_confirmed_on is not None:
            raise _refuse(ReceiptError.ALREADY_CONFIRMED)
        day_not_before(on, locked.delivered_on)
        before = {"trips": locked.trips}
        locked.receipt_confirmed_on, locked.receipt_confirmed_by, locked.trips = on, by, trips
        locked.save(update_fields=["receipt_confirmed_on", "receipt_confirmed_by", "trips"])
        entry = audit_record(
            subject=locked,
            actor=by,
            event=ReceiptEvent.CONFIRMED,
            before=before,
            after={"receipt_confirmed_on": on, "trips": trips},
            on=on,
        )
        agent = locked.case.agent
        notify(
            key=f"audit-{entry.pk}-{agent.user_id}",
            recipient_id=agent.user_id,
            kind=NotificationKind.DELIVERY,
            title=_("%(item)s：企业已确认收件") % {"item": locked.approval_item.name},
            body=_("确认人：%(who)s；到现场%(trips)s次") % {"who": by, "trips": trips},
            url=f"/projects/cases/{locked.case_id}/",
        )
        live_announce(entry, locked)
    return locked
