"""Audited events that reach people: the notifications (outbox rows, written in the
transaction of the change) an item's or a milestone's move sends the enterprise or
the agent. The services that move them call ``event_notify``."""

from django.utils.translation import gettext_lazy as _

from crm.audit.models import AuditEntry
from crm.models import Notification, NotificationKind
from crm.notifications.services import notify_many
from projects.enterprises.selectors import enterprise_user_ids
from projects.models import Milestone, ProjectItem

# audit event -> (kind, who, message); who: "enterprise" (its contacts with an account)
# or "agent" (the case's agent, unless they did it themselves)
EVENT_NOTICES = {
    "milestone.started": (NotificationKind.STATUS, "enterprise", _("开始计时")),
    "milestone.paused": (NotificationKind.STATUS, "enterprise", _("暂停计时")),
    "milestone.resumed": (NotificationKind.STATUS, "enterprise", _("恢复计时")),
    "milestone.finished": (NotificationKind.STATUS, "enterprise", _("已完成")),
    "item.accepted": (NotificationKind.RECEIPT, "enterprise", _("部门已收件受理")),
    "item.corrected": (NotificationKind.RECEIPT, "agent", _("补正材料已收到")),
    "item.resubmitted": (NotificationKind.RECEIPT, "enterprise", _("补正材料已收件，恢复审查")),
    "item.chosen": (NotificationKind.RECEIPT, "agent", _("新增办理事项")),
    "item.returned": (NotificationKind.STATUS, "enterprise", _("需要补正材料")),
    "item.correction_requested": (NotificationKind.STATUS, "enterprise", _("请补正材料")),
    "item.approved": (NotificationKind.STATUS, "enterprise", _("准予许可")),
    "item.rejected": (NotificationKind.STATUS, "enterprise", _("不予许可")),
    "item.delivered": (NotificationKind.DELIVERY, "enterprise", _("办理结果已送达")),
}


def event_notify(entry: AuditEntry, subject: Milestone | ProjectItem) -> None:
    """The notifications of ``entry`` (an event of ``EVENT_NOTICES``) about ``subject``:
    one per recipient, keyed by the entry so a retry writes none twice."""
    kind, who, message = EVENT_NOTICES[entry.event]
    if isinstance(subject, Milestone):
        project = subject.project
        enterprise_id, agent, url = project.enterprise_id, project.agent, f"/projects/{project.pk}/"
        title = f"{project.name}：{subject.definition.name}{message!s}"
    else:
        case = subject.case
        enterprise_id, agent, url = case.enterprise_id, case.agent, f"/projects/cases/{case.pk}/"
        title = f"{subject.approval_item.name}：{message!s}"
    if who == "enterprise":
        recipients = enterprise_user_ids(enterprise_id)
    else:
        recipients = [agent.user_id] if agent is not None and agent.user_id != entry.actor_id else []
    notify_many(
        Notification(
            key=f"audit-{entry.pk}-{user_id}",
            recipient_id=user_id,
            kind=kind,
            title=title[:200],
            body=entry.reason or "",
            url=url,
        )
        for user_id in recipients
    )
