"""Enterprises, the approval-item catalogue, investment projects and their "3550"
milestones (one module each; everything is importable from ``projects.models``)."""

from projects.models.cases import *  # noqa: F403
from projects.models.catalogue import *  # noqa: F403
from projects.models.clock import *  # noqa: F403
from projects.models.drawings import *  # noqa: F403
from projects.models.enterprises import *  # noqa: F403
from projects.models.handover import *  # noqa: F403
from projects.models.investment import *  # noqa: F403
from projects.models.milestones import *  # noqa: F403
from projects.models.notice import *  # noqa: F403
from projects.models.ratings import *  # noqa: F403
