"""A case's message thread: the enterprise writes to its agent, the agent (or the
centre's supervisor) answers; each message reaches the other side through the outbox."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from crm.audit.services import audit_record
from crm.models import Notification, NotificationKind
from crm.notifications.services import notify_many
from crm.validation import text_required
from projects.enterprises.selectors import enterprise_user_ids
from projects.live import live_announce
from projects.models import MESSAGE_MAX, CaseMessage, ProxyCase, case_side
from projects.portal.threads.errors import ThreadError
from projects.portal.threads.events import ThreadEvent
from projects.portal.threads.selectors import author_role


def _recipients(case: ProxyCase, *, from_enterprise: bool, by) -> list[int]:
    """An enterprise message goes to the case's agent; a staff message to every
    contact of the enterprise who may sign in."""
    if from_enterprise:
        ids = [case.agent.user_id] if case.agent is not None else []
    else:
        ids = enterprise_user_ids(case.enterprise_id)
    return [i for i in dict.fromkeys(ids) if i is not None and i != by.pk]


def message_send(*, case: ProxyCase, body: str, by) -> CaseMessage:
    """Post a message on the case's thread and tell the other side (outbox rows, a
    live refresh of the case page after commit)."""
    side = case_side(case, by)
    if side not in ("staff", "enterprise"):  # an agent who handed the case over reads it only
        raise PermissionDenied(ThreadError.NOT_ALLOWED.label)
    body = text_required(body, ThreadError.EMPTY)
    if len(body) > MESSAGE_MAX:
        raise ValidationError(_("留言最多%(n)s字") % {"n": MESSAGE_MAX}, code="thread_too_long")
    from_enterprise = side == "enterprise"
    with transaction.atomic():
        message = CaseMessage.objects.create(
            case=case, author=by, author_role=author_role(by, side), from_enterprise=from_enterprise, body=body
        )
        entry = audit_record(subject=message, actor=by, event=ThreadEvent.SENT, after={"length": len(body)})
        url = reverse("projects:case_detail", args=[case.pk]) + "#thread"
        notify_many(
            Notification(
                key=f"message-{message.pk}-{user_id}",
                recipient_id=user_id,
                kind=NotificationKind.STATUS,
                title=(
                    _("案件%(number)s有新留言：%(author)s") % {"number": case.number, "author": message.author_label}
                )[:200],
                body=Truncator(body).chars(200),
                url=url,
            )
            for user_id in _recipients(case, from_enterprise=from_enterprise, by=by)
        )
        live_announce(entry, message)
    return message


def thread_mark_read(*, case: ProxyCase, by) -> int:
    """The other side's messages are read once their addressee opened the case page:
    the enterprise's by the case's agent (not a supervisor or administrator looking in),
    the staff's by any contact of the enterprise."""
    side = case_side(case, by)
    if side not in ("staff", "enterprise") or (side == "staff" and (case.agent is None or case.agent.user_id != by.pk)):
        return 0
    return case.messages.filter(from_enterprise=side == "staff", read_at=None).update(read_at=timezone.now())
