"""The projects' part of electronic supervision: every clock (item, milestone, drawing
review round, callback) keeps its row in the spine's deadline table, in the same
transaction that moves it; audited events become notifications (in that
transaction too: the outbox) for the enterprise and the agent."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from crm.audit.services import audit_recorded
from crm.calendar.clock import DeadlineClock, clock_warning_threshold
from crm.models import DeadlineState, Notification, NotificationKind
from crm.notifications.services import notify_many
from crm.supervision.services import DeadlineFacts, clock_register
from projects.models import (
    Callback,
    DrawingReview,
    EnterpriseContact,
    Milestone,
    ProjectItem,
)


def clock_facts(clock: DeadlineClock, *, title: str, kind_label: str, url: str, owner_id, centre_key, enterprise_key):
    if clock.clock_running():
        state = DeadlineState.OPEN
    elif clock.clock_paused():
        state = DeadlineState.PAUSED
    else:
        state = DeadlineState.CLOSED
    return DeadlineFacts(
        state=state,
        due_date=clock.due_date,
        started_on=clock.started_on,
        due_provisional=clock.due_provisional,
        warning_days=clock_warning_threshold(clock) if clock.due_date else 0,
        title=title,
        kind_label=kind_label,
        url=url,
        owner_id=owner_id,
        centre_key=centre_key,
        enterprise_key=enterprise_key,
    )


def _agent_keys(agent) -> tuple[int | None, int | None]:
    return (agent.user_id, agent.centre_id) if agent is not None else (None, None)


def milestone_facts(milestone: Milestone) -> DeadlineFacts:
    project = milestone.project
    owner_id, centre_key = _agent_keys(project.agent)
    return clock_facts(
        milestone, title=f"{project.name}：{milestone.definition.name}", kind_label="3550里程碑",
        url=f"/projects/{project.pk}/", owner_id=owner_id, centre_key=centre_key, enterprise_key=project.enterprise_id,
    )


def item_facts(item: ProjectItem) -> list[DeadlineFacts]:
    """The committed time limit and, for an item approved on a written commitment
    (告知承诺制), the verification deadline after approval."""
    case = item.case
    owner_id, centre_key = _agent_keys(case.agent)
    title = f"{case.enterprise.name}：{item.approval_item.name}"
    url = f"/projects/cases/{case.pk}/"
    facts = [
        clock_facts(
            item, title=title, kind_label="审批事项", url=url, owner_id=owner_id, centre_key=centre_key,
            enterprise_key=case.enterprise_id,
        )
    ]
    if item.verification_due is not None:
        facts.append(
            DeadlineFacts(
                facet="verification",
                state=DeadlineState.CLOSED if item.verified_on else DeadlineState.OPEN,
                due_date=item.verification_due,
                started_on=item.decided_on,
                warning_days=settings.SUPERVISION_WARNING_DAYS,
                title=f"{title}（告知承诺核查）",
                kind_label="承诺核查",
                url=url,
                owner_id=owner_id,
                centre_key=centre_key,
                enterprise_key=case.enterprise_id,
            )
        )
    return facts


def drawing_facts(review: DrawingReview) -> DeadlineFacts:
    project = review.project
    owner_id, centre_key = _agent_keys(project.agent)
    return clock_facts(
        review, title=f"{project.name}：施工图联审（{review.package}）", kind_label="多图联审",
        url=f"/projects/{project.pk}/drawings/", owner_id=owner_id, centre_key=centre_key,
        enterprise_key=project.enterprise_id,
    )


def callback_facts(callback: Callback) -> DeadlineFacts:
    case = callback.case
    return clock_facts(
        callback, title=f"{case.number} {case.enterprise.name}：{callback.get_kind_display()}", kind_label="回访整改",
        url="/projects/callbacks/", owner_id=callback.assigned_to.user_id, centre_key=callback.assigned_to.centre_id,
        enterprise_key=None,  # the enterprise is not shown the centre's own follow-up
    )


for _model, _facts in (
    (Milestone, milestone_facts), (ProjectItem, item_facts), (DrawingReview, drawing_facts), (Callback, callback_facts)
):
    clock_register(_model, _facts)


# --- Events that reach people -----------------------------------------------------------------

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
    "item.approved": (NotificationKind.STATUS, "enterprise", _("准予许可")),
    "item.rejected": (NotificationKind.STATUS, "enterprise", _("不予许可")),
    "item.delivered": (NotificationKind.DELIVERY, "enterprise", _("办理结果已送达")),
}


def _enterprise_users(enterprise_id: int) -> list[int]:
    return list(
        EnterpriseContact.objects.filter(enterprise_id=enterprise_id, user__isnull=False, user__is_active=True)
        .order_by("pk")
        .values_list("user_id", flat=True)
    )


def _event_notices(sender, entry, subject, **kwargs) -> None:
    notice = EVENT_NOTICES.get(entry.event)
    if notice is None:
        return
    kind, who, message = notice
    if isinstance(subject, Milestone):
        project = subject.project
        enterprise_id, agent, url = project.enterprise_id, project.agent, f"/projects/{project.pk}/"
        title = f"{project.name}：{subject.definition.name}{message!s}"
    elif isinstance(subject, ProjectItem):
        case = subject.case
        enterprise_id, agent, url = case.enterprise_id, case.agent, f"/projects/cases/{case.pk}/"
        title = f"{subject.approval_item.name}：{message!s}"
    else:
        return
    if who == "enterprise":
        recipients = _enterprise_users(enterprise_id)
    else:
        recipients = [agent.user_id] if agent is not None and agent.user_id != entry.actor_id else []
    notify_many(
        Notification(
            key=f"audit-{entry.pk}-{user_id}", recipient_id=user_id, kind=kind, title=title[:200],
            body=entry.reason or "", url=url,
        )
        for user_id in recipients
    )


audit_recorded.connect(_event_notices, dispatch_uid="projects.event_notices")
