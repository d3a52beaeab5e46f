from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("系统管理员")
    SUPERVISOR = "supervisor", _("代办中心负责人")
    AGENT = "agent", _("代办员")
    ZONE_COMMITTEE = "zone_committee", _("园区管委会")
    REVIEWER = "reviewer", _("联审审查人员")
    EDITOR = "editor", _("门户编辑")
    ENTERPRISE = "enterprise", _("企业联系人")


# Group names as administrators see them; stable because migrations create them.
GROUP_NAMES: dict[Role, str] = {
    Role.ADMINISTRATOR: "系统管理员",
    Role.SUPERVISOR: "代办中心负责人",
    Role.AGENT: "代办员",
    Role.ZONE_COMMITTEE: "园区管委会",
    Role.REVIEWER: "联审审查人员",
    Role.EDITOR: "门户编辑",
    Role.ENTERPRISE: "企业联系人",
}


# Where each role lands after signing in (URL names; the apps own the pages).
HOME_URL_NAMES: dict[Role, str] = {
    Role.ADMINISTRATOR: "admin_home",
    Role.SUPERVISOR: "projects:supervisor_home",
    Role.AGENT: "projects:agent_home",
    Role.ZONE_COMMITTEE: "regional_assessments:committee_home",
    Role.REVIEWER: "projects:drawing_queue",
    Role.EDITOR: "cms:editor_home",
    Role.ENTERPRISE: "projects:enterprise_home",
}


def user_roles(user) -> list[Role]:
    """The user's roles in precedence order (list order of ``Role``)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_crm_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = [role for role in Role if GROUP_NAMES[role] in names]
        if user.is_superuser and Role.ADMINISTRATOR not in cached:
            cached.insert(0, Role.ADMINISTRATOR)
        user._crm_roles = cached
    return cached


def primary_role(user) -> Role | None:
    roles = user_roles(user)
    return roles[0] if roles else None


def has_role(user, *roles: Role) -> bool:
    return any(role in user_roles(user) for role in roles)


def role_required(*roles: Role):
    """View decorator: sign-in required, then one of ``roles`` (403 otherwise)."""
    from functools import wraps

    from django.contrib.auth.views import redirect_to_login
    from django.core.exceptions import PermissionDenied

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# Model permissions each role's group gets (the Django admin and has_perm checks).
# Scoping (which rows) is separate: see each app's selectors, which the admins use
# (crm.admin.ScopedAdminMixin). Supervisors read the audit trail on the pages of the
# projects and cases they oversee, not as the admin's list of every entry.
GROUP_PERMISSIONS: dict[Role, list[str]] = {
    Role.SUPERVISOR: [
        "projects.view_enterprise",
        "projects.change_enterprise",
        "projects.view_enterprisecontact",
        "projects.view_project",
        "projects.change_project",
        "projects.view_milestone",
        "projects.view_approvalitem",
        "projects.view_material",
        "agents.view_proxyagent",
        "agents.view_servicecentre",
    ],
    Role.AGENT: ["projects.view_approvalitem", "projects.view_material"],
    Role.ZONE_COMMITTEE: [
        "regional_assessments.view_zonereport",
        "regional_assessments.add_zonereport",
        "regional_assessments.change_zonereport",
        "regional_assessments.view_reportreuse",
        "regional_assessments.change_reportreuse",
        "regional_assessments.view_assessmenttype",
    ],
    Role.REVIEWER: [],
    Role.EDITOR: [
        "wagtailadmin.access_admin",
        "cms.add_agentbiography",
        "cms.change_agentbiography",
        "cms.view_agentbiography",
    ],
    Role.ENTERPRISE: [],
    Role.ADMINISTRATOR: [],
}


# Administrators manage every model of these apps (audit entries stay view-only:
# that model has no add/change/delete permissions at all); "axes" so they can lift a
# sign-in lock-out by deleting the access attempt.
ADMINISTRATOR_APPS = ("crm", "agents", "projects", "regional_assessments", "django_celery_beat", "auth", "axes")


def roles_sync(**kwargs) -> None:
    """Create the role groups and give them their permissions (post_migrate;
    adds what is missing, keeps what administrators added)."""
    from django.contrib.auth.models import Group, Permission

    for role, name in GROUP_NAMES.items():
        group, _ = Group.objects.get_or_create(name=name)
        if role == Role.ADMINISTRATOR:
            group.permissions.add(*Permission.objects.filter(content_type__app_label__in=ADMINISTRATOR_APPS))
        for dotted in GROUP_PERMISSIONS[role]:
            app_label, codename = dotted.split(".")
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is not None:
                group.permissions.add(permission)
