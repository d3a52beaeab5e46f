"""The regional assessments app's admin: each topic registers its own."""

from regional_assessments.merged import admin as _merged  # noqa: F401
from regional_assessments.reports import admin as _reports  # noqa: F401
