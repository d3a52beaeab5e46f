"""The models of the projects app, one module per topic package; everything is
importable from ``projects.models`` (the app's model registry)."""

from crm.calendar.clock import *
from projects.cases.handover.models import *
from projects.cases.models import *
from projects.catalogue.models import *
from projects.drawings.models import *
from projects.enterprises.models import *
from projects.investment.models import *
from projects.monthly_reports.models import *
from projects.notice.models import *
from projects.portal.access.models import *
from projects.portal.status.models import *
from projects.portal.submissions.models import *
from projects.portal.threads.models import *
from projects.ratings.models import *
from projects.visits.models import *
