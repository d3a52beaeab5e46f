"""Refusals of the case and item services."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseError(models.TextChoices):
    NOT_ALLOWED = "case_not_allowed", _("只有本案代办员、所在代办中心负责人或系统管理员可以办理此案件")
    REASSIGN_SUPERVISOR_ONLY = "reassign_supervisor_only", _("只有代办中心负责人可以改派案件")
    REASSIGN_REASON_REQUIRED = "reassign_reason_required", _("改派案件必须填写原因")
    REASSIGN_SAME_AGENT = "reassign_same_agent", _("案件已由该代办员负责")
    AGENT_INACTIVE = "agent_inactive", _("该代办员不在岗，不能承接案件")
    AGENT_OTHER_CENTRE = "agent_other_centre", _("只能改派给本代办中心的代办员")
    PROJECT_OTHER_ENTERPRISE = "project_other_enterprise", _("该项目不属于本案件的企业")
    ITEM_INACTIVE = "item_inactive", _("该事项已停用，不能申请")
    OPEN_ITEMS = "open_items", _("还有未送达的办件，不能办结：%(items)s")
    SUMMARY_REQUIRED = "summary_required", _("请填写企业的诉求")
    ENTERPRISE_REQUIRED = "enterprise_required", _("请填写企业名称")
    SIGNATORY_REQUIRED = "signatory_required", _("请填写委托人")
    COMMITMENT_REQUIRED = "commitment_required", _("请填写承诺内容")
    CLOSE_BEFORE_DELIVERY = "close_before_delivery", _("办结日期不能早于办件的送达日期")


class ItemError(models.TextChoices):
    NOT_AUTHORISED = "not_authorised", _("尚未签订代办委托书，不能代为提交申请")
    REASON_REQUIRED = "reason_required", _("请填写原因")
    ACCEPTANCE_NO_REQUIRED = "acceptance_no_required", _("请填写部门受理编号")
    DECISION_NO_REQUIRED = "decision_no_required", _("请填写决定文书编号")
    TRACKING_REQUIRED = "tracking_required", _("快递送达须填写快递公司和快递单号")
    TRIPS_RANGE = "trips_range", _("企业跑动次数只能为0（零跑动）或1（最多跑一次）")
    NOT_BY_COMMITMENT = "not_by_commitment", _("该办件不是按告知承诺制办理的，无需核查")
    ALREADY_VERIFIED = "already_verified", _("该办件的承诺已核查")
    UNKNOWN_ACTION = "unknown_action", _("未知的办件操作")
    METHOD_REQUIRED = "method_required", _("请选择送达方式")
    MATERIAL_NOT_NEEDED = "material_not_needed", _("该事项不需要以下材料，不能要求补正：%(materials)s")
