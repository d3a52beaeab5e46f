from django.db import models
from django.utils.translation import gettext_lazy as _


class ThreadError(models.TextChoices):
    NOT_ALLOWED = "thread_not_allowed", _("只有本案件的代办员、其代办中心负责人和企业联系人可以在此留言")
    EMPTY = "thread_empty", _("请填写留言内容")
