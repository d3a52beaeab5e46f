"""Audit events of enterprises and their contacts (registered from projects' AppConfig)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EnterpriseEvent(models.TextChoices):
    REGISTERED = "enterprise.registered", _("登记企业")
    UPDATED = "enterprise.updated", _("更正企业信息")
    CONTACT_ADDED = "enterprise.contact_added", _("新增企业联系人")
    CONTACT_CHANGED = "enterprise.contact_changed", _("更正企业联系人")
    CONTACT_REMOVED = "enterprise.contact_removed", _("删除企业联系人")
