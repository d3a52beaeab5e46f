"""What the public status lookup tells a visitor (one sentence for every wrong pair)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusLookupError(models.TextChoices):
    # The same words whatever was wrong (unknown code, wrong or malformed verification
    # code): the page must not tell a guesser which half of the pair was right.
    WRONG_PAIR = "wrong_pair", _("项目代码或查询验证码不正确，请核对企业联系卡后重新输入。")
    LIMITED = "limited", _("查询过于频繁，请稍后再试。如急需了解进度，请联系为贵企业服务的代办员。")
