"""Investment projects (投资项目) and the history of their codes."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crm.identifiers import validate_project_code
from projects.models.enterprises import Enterprise, Industry, ProjectType

__all__ = [
    "staff_on_project",
    "Project",
    "ProjectCodeChange",
]


class Project(models.Model):
    """An investment project (投资项目). Its code is stored exactly as issued."""

    code = models.CharField(
        _("投资项目代码"),
        max_length=24,
        unique=True,
        validators=[validate_project_code],
        help_text=_("全国投资项目在线审批监管平台赋码，如 2024-320903-04-01-123456"),
    )
    name = models.CharField(_("项目名称"), max_length=200)
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("建设单位"), on_delete=models.PROTECT, related_name="projects")
    zone = models.ForeignKey("crm.Zone", verbose_name=_("建设地点所在区域"), on_delete=models.PROTECT, related_name="projects")
    location = models.CharField(_("建设地点"), max_length=200, blank=True)
    industry = models.CharField(_("所属行业"), max_length=1, choices=Industry.choices)
    project_type = models.CharField(_("项目类型"), max_length=20, choices=ProjectType.choices)
    investment_amount = models.DecimalField(
        _("总投资（万元）"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    land_area = models.DecimalField(
        _("用地面积（平方米）"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    floor_area = models.DecimalField(
        _("建筑面积（平方米）"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    agent = models.ForeignKey(
        "agents.ProxyAgent",
        verbose_name=_("代办员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("投资项目")
        verbose_name_plural = pgettext_lazy("plural", "投资项目")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class ProjectCodeChange(models.Model):
    """The history of a project's code (corrected or reissued codes)."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="code_changes")
    old_code = models.CharField(_("原代码"), max_length=24, db_index=True)
    new_code = models.CharField(_("新代码"), max_length=24)
    changed_at = models.DateTimeField(_("变更时间"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("变更原因"), max_length=200)

    class Meta:
        verbose_name = _("项目代码变更记录")
        verbose_name_plural = pgettext_lazy("plural", "项目代码变更记录")
        ordering = ["project", "changed_at"]

    def __str__(self) -> str:
        return f"{self.old_code} → {self.new_code}"


def staff_on_project(project: Project, user) -> bool:
    """May this user move the project's milestones: its agent (or an agent with a case
    on it), a supervisor of that agent's centre (of the zone, while unassigned), or an
    administrator. The rule behind every milestone transition."""
    from crm.roles import Role, has_role

    if not getattr(user, "is_authenticated", False):
        return False
    if has_role(user, Role.ADMINISTRATOR):
        return True
    profile = getattr(user, "agent_profile", None)
    if profile is None or not has_role(user, Role.AGENT, Role.SUPERVISOR):
        return False
    if project.agent_id == profile.pk or project.cases.filter(agent=profile).exists():
        return True
    if not has_role(user, Role.SUPERVISOR):
        return False
    if project.agent_id:
        return project.agent.centre_id == profile.centre_id
    return project.zone_id in profile.centre.zone.ids_within()
