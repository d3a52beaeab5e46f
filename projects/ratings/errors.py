from django.db import models
from django.utils.translation import gettext_lazy as _


class RatingError(models.TextChoices):
    NOT_RATER = "rating_not_rater", _("只有本企业的联系人可以评价该案件")
    NOT_CLOSED = "rating_not_closed", _("案件办结后才能评价")
    ALREADY_RATED = "rating_already_rated", _("该案件已经评价过，每个案件只能评价一次")
    LEVEL_INVALID = "rating_level_invalid", _("请选择总体评价（非常满意至非常不满意）")
    BEFORE_CLOSURE = "rating_before_closure", _("评价日期不能早于案件办结日期")


class CallbackError(models.TextChoices):
    NOT_ALLOWED = "callback_not_allowed", _("只有代办中心负责人、回访负责人或系统管理员可以办理回访")
    INCOMPLETE = "callback_incomplete", _("回访还不能办结，尚缺：%(missing)s")
    DATE_REQUIRED = "callback_date_required", _("请填写日期")
    DATE_BEFORE_OPENING = "callback_date_before_opening", _("日期不能早于回访登记日期")
    PERSON_REQUIRED = "callback_person_required", _("请填写回访对象")
    SUMMARY_REQUIRED = "callback_summary_required", _("请填写回访情况")
    RECTIFICATION_REQUIRED = "callback_rectification_required", _("请填写整改情况（无需整改的请写明原因）")
    OUTCOME_INVALID = "callback_outcome_invalid", _("请选择回访结果")
    SHARE_RANGE = "callback_share_range", _("抽取比例须大于0且不超过1")
    PERIOD_INVALID = "callback_period_invalid", _("抽样期间的起始日期不能晚于截止日期")
    SEED_REQUIRED = "callback_seed_required", _("请填写随机种子")
    SEED_USED = "callback_seed_used", _("该随机种子已用于另一期间的抽样，请换一个种子")
    DRAW_NOT_ALLOWED = "callback_draw_not_allowed", _("只有系统管理员可以抽取电话回访样本")
