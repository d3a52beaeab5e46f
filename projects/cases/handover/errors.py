from django.db import models
from django.utils.translation import gettext_lazy as _


class HandoverError(models.TextChoices):
    NO_SUCH_PROJECT = "handover_no_such_project", _("本企业没有该代码的投资项目，请核对企业提供的项目代码")
    LINK_DIRECTLY = "handover_link_directly", _("该项目可以直接关联，请在“本企业的投资项目”中选择")
    ALREADY_PENDING = "handover_already_pending", _("已为本案件提交过该项目的移交申请，正在等待%(centre)s负责人处理")
    CASE_NOT_OPEN = "handover_case_not_open", _("申请移交的案件已办结或终止，不能移交项目")
    NO_CENTRE = "handover_no_centre", _("该项目所在区域没有负责的代办中心，请联系系统管理员")
    NOT_SUPERVISOR = "handover_not_supervisor", _("只有项目所属代办中心的负责人可以处理移交申请")
    ALREADY_DECIDED = "handover_already_decided", _("该申请已由%(who)s处理（%(state)s），无需再次处理")
    REASON_REQUIRED = "handover_reason_required", _("拒绝移交必须填写理由")
    OWNER_CHANGED = "handover_owner_changed", _("该项目现由%(centre)s负责，申请已转交该中心负责人处理")
    NEEDS_HANDOVER = "handover_needed", _("该项目由其他代办员或代办中心负责，不能直接关联，请提交移交申请")
