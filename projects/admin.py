"""The projects app's admin: each topic registers its own."""

from projects.cases import admin as _cases  # noqa: F401
from projects.catalogue import admin as _catalogue  # noqa: F401
from projects.drawings import admin as _drawings  # noqa: F401
from projects.enterprises import admin as _enterprises  # noqa: F401
from projects.investment import admin as _investment  # noqa: F401
from projects.monthly_reports import admin as _monthly_reports  # noqa: F401
from projects.notice import admin as _notice  # noqa: F401
from projects.ratings import admin as _ratings  # noqa: F401
from projects.visits import admin as _visits  # noqa: F401
