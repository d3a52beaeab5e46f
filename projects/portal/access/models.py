"""Who of an enterprise may sign in: invitations by one-time link, colleagues, access list."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = ["Invitation", "InvitationState"]


class InvitationState(models.TextChoices):
    PENDING = "pending", _("待接受")
    ACCEPTED = "accepted", _("已接受")
    WITHDRAWN = "withdrawn", _("已撤回")
    EXPIRED = "expired", _("已过期")


class Invitation(models.Model):
    """A one-time link that lets an enterprise contact set a password and sign in.
    Only the SHA-256 of the link's token is kept; a new invitation of the same contact
    withdraws the old one (one live link per person)."""

    contact = models.ForeignKey(
        "projects.EnterpriseContact", verbose_name=_("企业联系人"), on_delete=models.CASCADE, related_name="invitations"
    )
    token_hash = models.CharField(_("链接摘要"), max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("邀请人"), on_delete=models.PROTECT, related_name="+"
    )
    invited_at = models.DateTimeField(_("邀请时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("有效期至"))
    accepted_at = models.DateTimeField(_("接受时间"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("账号邀请")
        verbose_name_plural = pgettext_lazy("plural", "账号邀请")
        ordering = ["-invited_at", "-pk"]
        indexes = [models.Index(fields=["contact", "-invited_at"], name="invitation_contact")]

    def __str__(self) -> str:
        return f"{self.contact.name}的账号邀请"

    def state_at(self, now=None) -> InvitationState:
        if self.accepted_at:
            return InvitationState.ACCEPTED
        if self.withdrawn_at:
            return InvitationState.WITHDRAWN
        if self.expires_at <= (now or timezone.now()):
            return InvitationState.EXPIRED
        return InvitationState.PENDING

    @property
    def state(self) -> InvitationState:
        return self.state_at()
