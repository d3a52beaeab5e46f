from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeError(models.TextChoices):
    NO_ITEMS = "notice_no_items", _("案件尚未选择申请事项，不能出具一次性告知书")
    CASE_FINISHED = "notice_case_finished", _("案件已办结或终止，不能再出具告知书")
    ALREADY_ISSUED = (
        "notice_already_issued",
        _(
            "本案件已于%(issued_on)s出具一次性告知书（编号%(number)s），不能再出具第二份完整告知书。"
            "如有新增事项，请出具补充告知书并说明原因。"
        ),
    )
    NOT_ISSUED = "notice_not_issued", _("本案件尚未出具一次性告知书，请先出具完整告知书")
    NOTHING_NEW = "notice_nothing_new", _("自上次告知以来没有新增事项，无需补充告知：已告知的材料不得再次要求企业提交")
    REASON_REQUIRED = "notice_reason_required", _("出具补充告知书必须说明原因（例如：项目方案调整，新增了事项）")
    DATE_BEFORE_LAST = "notice_date_before_last", _("告知日期不能早于上一份告知书的日期")


class MaterialError(models.TextChoices):
    NOT_ALLOWED = (
        "material_not_allowed",
        _("只有负责该企业案件的代办员、所在代办中心负责人或系统管理员可以登记企业材料"),
    )
    VALID_BEFORE_RECEIVED = "material_valid_before_received", _("有效期不能早于收取日期")
