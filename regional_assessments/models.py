"""The models of the regional assessments app, one module per topic package (the
app's model registry)."""

from regional_assessments.merged.models import *
from regional_assessments.reports.models import *
