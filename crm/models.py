"""The spine's model registry: each spine package defines its models, all registered
under the ``crm`` app label and importable from here."""

from crm.accounts.models import User  # noqa: F401
from crm.audit.models import AuditEntry, AuditEntryQuerySet  # noqa: F401
from crm.calendar.models import (  # noqa: F401
    CalendarDay,
    CalendarDayKind,
    CalendarRevision,
    CalendarYear,
    WorkdayOrdinal,
    WorkdayOrdinalBuild,
)
from crm.feeds.models import FeedToken  # noqa: F401
from crm.imports.models import SheetImport, SheetImportState  # noqa: F401
from crm.notifications.models import Channel, Delivery, DeliveryState, Notification, NotificationKind  # noqa: F401
from crm.organisation.models import Department, Zone, ZoneKind  # noqa: F401
from crm.supervision.models import Alert, Deadline, DeadlineState  # noqa: F401
