"""What the public site writes: a visitor's request to be contacted by an agent."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["ContactRequest"]


class ContactRequest(models.Model):
    """ "请这位代办员联系我": a first contact from the public site, owned by the agent the
    visitor chose (首问负责制): the case it opened for that agent."""

    agent = models.ForeignKey(
        "agents.ProxyAgent", verbose_name=_("代办员"), on_delete=models.PROTECT, related_name="contact_requests"
    )
    case = models.ForeignKey(
        "projects.ProxyCase",
        verbose_name=_("代办案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    enterprise_name = models.CharField(_("企业名称"), max_length=200)
    contact_name = models.CharField(_("联系人"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=30)
    plan = models.TextField(_("拟办事项"), max_length=300)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("联系请求")
        verbose_name_plural = _("联系请求")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.enterprise_name}（{self.contact_name}）"
