"""Audit events of enterprise access (registered from projects' AppConfig)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessEvent(models.TextChoices):
    INVITED = "access.invited", _("邀请企业联系人开通账号")
    ACCEPTED = "access.accepted", _("接受邀请并设置密码")
    WITHDRAWN = "access.withdrawn", _("撤回账号邀请")
    REVOKED = "access.revoked", _("撤销企业联系人的账号权限")
