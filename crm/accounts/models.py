"""The user account."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class User(AbstractUser):
    """A person who signs in. The role is a group; the scope (centre, zone,
    enterprise) hangs off the role's own profile in the app that owns it, except
    the zone of a zone-committee member, which is a plain reference here."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    zone = models.ForeignKey(
        "crm.Zone",
        verbose_name=_("所属园区（管委会成员）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committee_members",
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("用户")
        verbose_name_plural = pgettext_lazy("plural", "用户")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username
