"""Object permissions for writes. Reading is decided by the querysets (what is not
visible is a 404 before these run); acting needs the same rule as the pages."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from crm.accounts.roles import Role, has_role
from projects.cases.errors import CaseError
from projects.models import staff_on_case

STAFF_ROLES = (Role.AGENT, Role.SUPERVISOR, Role.ADMINISTRATOR)


class ProjectStaffOrReadOnly(BasePermission):
    """Recording events on a visible project: agents, supervisors, administrators
    (as on the project page); enterprise contacts and zone committees only read."""

    message = _("您没有执行该操作的权限")

    def has_object_permission(self, request, view, obj) -> bool:
        return request.method in SAFE_METHODS or has_role(request.user, *STAFF_ROLES)


class CaseStaffOrReadOnly(BasePermission):
    """Acting on an item: staff of its case (``staff_on_case``); the enterprise's
    contacts only read."""

    message = CaseError.NOT_ALLOWED.label

    def has_object_permission(self, request, view, obj) -> bool:
        return request.method in SAFE_METHODS or staff_on_case(obj.case, request.user)
