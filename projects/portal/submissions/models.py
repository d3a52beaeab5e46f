"""The enterprise's uploads against named materials (notice, corrections) and the agent's review."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crm.uploads import SCAN_KINDS, UploadField, original_name_field

__all__ = [
    "MaterialSubmission",
    "SubmissionState",
]


class SubmissionState(models.TextChoices):
    PENDING = "pending", _("待审核")
    ACCEPTED = "accepted", _("已收取")
    RESUBMIT = "resubmit", _("需重新提交")


class MaterialSubmission(models.Model):
    """One file the enterprise hands in for one named material of one case: for its
    one-time notice (``pause`` empty) or for the correction an item's pause asks for.
    Instead of a new file it may point at a valid copy in its material library
    (``library_copy``, 已有材料不再重复提交). The case's agent reviews it::

        pending --accept--> accepted (a new file goes into the material library)
           |
           +--ask again (reason)--> resubmit (the enterprise submits a new row)
    """

    # The audit trail's keys that are not fields (crm.audit AuditEntry.changes).
    AUDIT_LABELS = {
        "item": _("补正事项"),
        "library": _("存入材料库"),
        "library_copy_received_on": _("材料库副本收取日期"),
    }

    case = models.ForeignKey(
        "projects.ProxyCase", verbose_name=_("代办案件"), on_delete=models.CASCADE, related_name="submissions"
    )
    material = models.ForeignKey(
        "projects.Material", verbose_name=_("材料"), on_delete=models.PROTECT, related_name="submissions"
    )
    pause = models.ForeignKey(
        "projects.ItemPause",
        verbose_name=_("补正要求"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
        help_text=_("空：一次性告知书所列材料"),
    )
    file = UploadField(
        _("材料文件"),
        upload_to="private/submissions/",
        blank=True,
        kinds=SCAN_KINDS,
        name_field="file_name",
        serve=("projects:submission_file", "pk"),
    )
    file_name = original_name_field()
    library_copy = models.ForeignKey(
        "projects.EnterpriseMaterial",
        verbose_name=_("选用的材料库副本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    state = models.CharField(_("状态"), max_length=10, choices=SubmissionState.choices, default=SubmissionState.PENDING)
    review_reason = models.CharField(_("审核意见"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("企业提交的材料")
        verbose_name_plural = pgettext_lazy("plural", "企业提交的材料")
        ordering = ["case", "-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["case", "state"], name="submission_case_state")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | Q(library_copy__isnull=False),
                name="submission_has_file_or_copy",
                violation_error_message=_("请上传文件或选用材料库中的副本"),
            ),
            # One upload waiting per material asked for: by the notice (no pause) or by one
            # correction. Two partial indexes rather than NULLS NOT DISTINCT, which SQLite
            # (the embedded default) cannot create.
            models.UniqueConstraint(
                fields=["case", "material"],
                condition=Q(state="pending", pause__isnull=True),
                name="submission_one_pending",
            ),
            models.UniqueConstraint(
                fields=["case", "material", "pause"],
                condition=Q(state="pending", pause__isnull=False),
                name="submission_one_pending_correction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case}：{self.material}"
