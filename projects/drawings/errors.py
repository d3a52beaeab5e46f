from django.db import models
from django.utils.translation import gettext_lazy as _


class DrawingError(models.TextChoices):
    NOT_STAFF = "drawing_not_staff", _("只有本项目的代办员、所在代办中心负责人或系统管理员可以办理施工图联审")
    NOT_REVIEWER = (
        "drawing_not_reviewer",
        _("只有该专业的审查人员、本项目的代办员、所在代办中心负责人或系统管理员可以出具该专业的意见"),
    )
    PACKAGE_REQUIRED = "drawing_package_required", _("请填写图纸批次（如：一期）")
    PACKAGE_TAKEN = "drawing_package_taken", _("该项目已登记过“%(package)s”批次的施工图联审")
    NO_DISCIPLINES = "drawing_no_disciplines", _("请至少选择一个参审专业")
    DISCIPLINE_INACTIVE = "drawing_discipline_inactive", _("专业“%(discipline)s”已停用，不能参加联审")
    ACCEPTANCE_NO_REQUIRED = "drawing_acceptance_no_required", _("请填写受理编号")
    CERTIFICATE_NO_REQUIRED = "drawing_certificate_no_required", _("请填写施工图审查合格书编号")
    REASON_REQUIRED = "drawing_reason_required", _("请填写原因")
    NOT_IN_REVIEW = "drawing_not_in_review", _("联审当前状态为“%(state)s”，只有联合审查中才能登记专业意见")
    NOT_PARTICIPATING = "drawing_not_participating", _("专业“%(discipline)s”未参加本次联审")
    OPINION_GIVEN = (
        "drawing_opinion_given",
        _("专业“%(discipline)s”已于%(given_on)s出具第%(round)s轮意见，同一轮不能再出具第二份意见"),
    )
    OBJECTION_TEXT_REQUIRED = "drawing_objection_text_required", _("不通过/需修改的意见必须写明需要修改的内容")
    OPINIONS_MISSING = "drawing_opinions_missing", _("以下专业尚未出具第%(round)s轮意见，不能汇总：%(missing)s")
    OPEN_OBJECTIONS = (
        "drawing_open_objections",
        _("第%(round)s轮仍有不通过/需修改的意见（%(disciplines)s），不能出具审查合格书"),
    )
    NO_OBJECTIONS = "drawing_no_objections", _("第%(round)s轮各专业均已通过，应出具审查合格书")
