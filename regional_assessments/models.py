"""The models of the regional assessments app, one module per topic package (the
app's model registry)."""

from regional_assessments.merged.models import *  # noqa: F403
from regional_assessments.reports.models import *  # noqa: F403
