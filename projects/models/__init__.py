"""The models of the projects app, one module per topic package; everything is
importable from ``projects.models`` (the app's model registry)."""

from crm.calendar.clock import *  # noqa: F403
from projects.cases.handover.models import *  # noqa: F403
from projects.cases.models import *  # noqa: F403
from projects.catalogue.models import *  # noqa: F403
from projects.drawings.models import *  # noqa: F403
from projects.enterprises.models import *  # noqa: F403
from projects.investment.models import *  # noqa: F403
from projects.notice.models import *  # noqa: F403
from projects.ratings.models import *  # noqa: F403
