"""Events in a project's life that start and end milestones.

Milestone definitions name these codes; services record them (``project_event_record``)
and later capabilities (items decided, drawing review passed, assessments approved)
emit them, so a new target needs data, not code.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.cases.events import CaseEvent, ItemEvent, MaterialEvent
from projects.cases.handover.events import HandoverEvent
from projects.drawings.events import DrawingEvent
from projects.enterprises.events import EnterpriseEvent
from projects.investment.events import MilestoneAuditEvent, ProjectEvent
from projects.notice.events import NoticeEvent
from projects.ratings.events import CallbackEvent, RatingEvent


class MilestoneEvent(models.TextChoices):
    REGISTRATION_ACCEPTED = "registration_accepted", _("企业设立登记申请受理")
    ENTERPRISE_OPENED = "enterprise_opened", _("企业开业手续办结（执照、印章、税务、银行）")
    PROPERTY_REGISTRATION_ACCEPTED = "property_registration_accepted", _("不动产登记申请受理")
    PROPERTY_TITLE_ISSUED = "property_title_issued", _("不动产权证书核发")
    PROJECT_FILED = "project_filed", _("项目备案（核准）完成")
    CONSTRUCTION_PERMIT_ISSUED = "construction_permit_issued", _("建筑工程施工许可证核发")
    DRAWINGS_ACCEPTED = "drawings_accepted", _("施工图联审受理")
    DRAWING_REVIEW_PASSED = "drawing_review_passed", _("施工图审查合格")
    ASSESSMENTS_STARTED = "assessments_started", _("评估事项启动")
    ASSESSMENTS_APPROVED = "assessments_approved", _("评估审批完成")


# The audit events of this app's topics, registered with crm.audit.events from
# ProjectsConfig.ready: every timeline reads them through ``audit_event_label``.
AUDIT_EVENTS = (
    EnterpriseEvent,
    ProjectEvent,
    MilestoneAuditEvent,
    CaseEvent,
    ItemEvent,
    MaterialEvent,
    HandoverEvent,
    NoticeEvent,
    DrawingEvent,
    RatingEvent,
    CallbackEvent,
)
