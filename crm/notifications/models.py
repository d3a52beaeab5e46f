"""Notifications and their deliveries (the outbox)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crm.supervision.models import Alert


class NotificationKind(models.TextChoices):
    ALERT = "alert", _("期限提醒")
    RECEIPT = "receipt", _("收件提醒")
    STATUS = "status", _("办理进度")
    DELIVERY = "delivery", _("结果送达")
    DIGEST = "digest", _("每日汇总")
    REPORT = "report", _("月度通报")
    IMPORT = "import", _("导入结果")


class Notification(models.Model):
    """A message to one person, written in the transaction of the event that caused
    it (the outbox); its deliveries carry it out channel by channel. ``key`` makes a
    second write of the same event a no-op."""

    key = models.CharField(_("幂等键"), max_length=120, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=NotificationKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    alert = models.ForeignKey(
        Alert, verbose_name=_("监察提醒"), null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = pgettext_lazy("plural", "通知")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title


class Channel(models.TextChoices):
    IN_APP = "in_app", _("站内")
    EMAIL = "email", _("电子邮件")
    PUSH = "push", _("短信/推送")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class Delivery(models.Model):
    """One notification on one channel. Sent at most once: the key (notification,
    channel) is unique and travels to the provider (e-mail Message-ID, push
    idempotency key); a failure waits ``next_attempt_at`` (growing backoff)."""

    notification = models.ForeignKey(
        Notification, verbose_name=_("通知"), on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    state = models.CharField(_("状态"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"))
    sending_since = models.DateTimeField(_("开始发送时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("通知发送")
        verbose_name_plural = pgettext_lazy("plural", "通知发送")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once_per_channel")]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=Q(state="pending"), name="delivery_due"),
            models.Index(fields=["sending_since"], condition=Q(state="sending"), name="delivery_sending"),
        ]

    def __str__(self) -> str:
        return f"{self.notification} · {self.get_channel_display()}"

    @property
    def key(self) -> str:
        return f"{self.notification.key}:{self.channel}"
