from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessError(models.TextChoices):
    NOT_ALLOWED = "access_not_allowed", _("只有本企业的联系人、案件的代办员或其代办中心负责人可以管理本企业的账号")
    OTHER_ENTERPRISE = "access_other_enterprise", _("只能邀请本企业的联系人")
    HAS_ACCOUNT = "access_has_account", _("%(name)s已有可用的账号，无需再邀请")
    NO_CHANNEL = "access_no_channel", _("请填写手机号码或电子邮箱，邀请链接要通过短信或邮件发送")
    NAME_REQUIRED = "access_name_required", _("请填写姓名")
    PHONE_REQUIRED = "access_phone_required", _("请填写电话")
    SELF = "access_self", _("不能撤销自己的账号权限，请由同事或代办员撤销")
    NOTHING_TO_REVOKE = "access_nothing_to_revoke", _("%(name)s既没有可用的账号，也没有待接受的邀请")
    LINK_INVALID = "access_link_invalid", _("该链接已失效")
