"""A case's message thread between the enterprise and its agent."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crm.accounts.roles import Role

__all__ = ["MESSAGE_MAX", "CaseMessage"]

MESSAGE_MAX = 2000


class CaseMessage(models.Model):
    """One message on a case, from the enterprise or from the case's staff. ``read_at``:
    when the other side first opened the case page after it was sent."""

    case = models.ForeignKey(
        "projects.ProxyCase", verbose_name=_("代办案件"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发送人"), on_delete=models.PROTECT, related_name="+"
    )
    author_role = models.CharField(_("发送人身份"), max_length=20, choices=Role.choices)
    from_enterprise = models.BooleanField(_("企业发送"))
    body = models.TextField(_("内容"), max_length=MESSAGE_MAX)
    sent_at = models.DateTimeField(_("发送时间"), default=timezone.now)
    read_at = models.DateTimeField(_("对方已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("案件留言")
        verbose_name_plural = pgettext_lazy("plural", "案件留言")
        ordering = ["sent_at", "pk"]
        indexes = [models.Index(fields=["case", "sent_at"], name="case_message_thread")]

    def __str__(self) -> str:
        return f"{self.case.number}的留言"

    @property
    def author_label(self) -> str:
        """The author's name and side in words: 代办员 张三, 企业 李四."""
        side = _("企业") if self.from_enterprise else self.get_author_role_display()
        return f"{side} {self.author}"
