from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitError(models.TextChoices):
    NOT_STAFF = (
        "visit_not_staff",
        _("只有本项目的代办员、所在代办中心负责人或系统管理员可以安排和记录联合踏勘、联合验收"),
    )
    NO_DEPARTMENTS = "visit_no_departments", _("请至少邀请一个部门")
    PLACE_REQUIRED = "visit_place_required", _("请填写踏勘（验收）地点")
    NOT_WORKING_DAY = "visit_not_working_day", _("%(day)s不是工作日，请另选日期")
    BEFORE_SCHEDULED = "visit_before_scheduled", _("现场日期不能早于安排日期（%(day)s）")
    NOT_YET = "visit_not_yet", _("现场定于%(day)s，当天或之后才能登记到场情况和意见")
    ALREADY_ISSUED = "visit_already_issued", _("记录已于%(day)s出具（编号%(number)s），不能再修改")
    NOT_INVITED = "visit_not_invited", _("部门“%(department)s”未被邀请参加本次现场")
    ATTENDEES_REQUIRED = "visit_attendees_required", _("到场的部门请填写到场人员")
    FINDING_REQUIRED = "visit_finding_required", _("到场的部门请选择意见：无意见或有整改要求")
    FINDING_TEXT_REQUIRED = "visit_finding_text_required", _("有整改要求的，请写明整改内容")
    DAYS_REQUIRED = "visit_days_required", _("有整改要求的，请填写整改期限（1至60个工作日）")
    ABSENT_NO_FINDING = "visit_absent_no_finding", _("未到场的部门不能登记意见")
    ATTENDANCE_MISSING = "visit_attendance_missing", _("以下部门尚未登记到场情况，不能出具记录：%(missing)s")
    NOT_ISSUED = "visit_not_issued", _("记录尚未出具")
    FOLLOW_UP_CLOSED = "visit_follow_up_closed", _("该整改事项已于%(day)s办结")
    NOTE_REQUIRED = "visit_note_required", _("请填写办结说明（整改情况）")
    REASON_REQUIRED = "visit_reason_required", _("请填写暂停原因")
    NOT_PAUSED = "visit_not_paused", _("该整改事项没有暂停计时")
    ALREADY_PAUSED = "visit_already_paused", _("该整改事项已于%(day)s暂停计时")
