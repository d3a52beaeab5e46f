"""The audit events of the projects app's topics, gathered for ProjectsConfig.ready (this
module names every topic, so no topic imports it)."""

from projects.cases.events import CaseEvent, ItemEvent, MaterialEvent
from projects.cases.handover.events import HandoverEvent
from projects.drawings.events import DrawingEvent
from projects.enterprises.events import EnterpriseEvent
from projects.investment.events import MilestoneAuditEvent, ProjectEvent
from projects.monthly_reports.events import MonthlyReportEvent
from projects.notice.events import NoticeEvent
from projects.portal.access.events import AccessEvent
from projects.portal.events import ReceiptEvent
from projects.portal.status.events import StatusLookupEvent
from projects.portal.submissions.events import SubmissionEvent
from projects.portal.threads.events import ThreadEvent
from projects.ratings.events import CallbackEvent, RatingEvent
from projects.visits.events import VisitEvent

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
    VisitEvent,
    MonthlyReportEvent,
    StatusLookupEvent,
    AccessEvent,
    ThreadEvent,
    ReceiptEvent,
    SubmissionEvent,
)
