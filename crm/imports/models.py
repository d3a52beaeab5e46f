"""An import run in the background (``SheetImport``): the file a user uploaded, where
the import stands, and what it did or why it wrote nothing."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from crm.uploads import UploadField, original_name_field


class SheetImportState(models.TextChoices):
    """queued → running → done | refused (refused: nothing written, ``problems`` say why)."""

    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("导入中")
    DONE = "done", _("已完成")
    REFUSED = "refused", _("未导入")


SHEET_IMPORT_OPEN_STATES = (SheetImportState.QUEUED, SheetImportState.RUNNING)


class SheetImport(models.Model):
    """One sheet imported in the background by ``by`` (None: the system), all or
    nothing: ``problems`` lists each one as [row, column, reason] when it was refused."""

    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sheet_imports",
    )
    kind = models.CharField(_("导入类型"), max_length=40)
    kind_label = models.CharField(_("导入内容"), max_length=100)
    file = UploadField(_("文件"), upload_to="imports/", kinds=("xlsx", "csv"), name_field="file_name")
    file_name = original_name_field(_("文件名"))
    state = models.CharField(
        _("状态"), max_length=10, choices=SheetImportState.choices, default=SheetImportState.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("总行数"), default=0)
    rows_done = models.PositiveIntegerField(_("已检查行数"), default=0)
    created = models.PositiveIntegerField(_("新增"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    unchanged = models.PositiveIntegerField(_("无变化"), default=0)
    problems = models.JSONField(_("问题"), default=list, blank=True)
    queued_at = models.DateTimeField(_("提交时间"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")
        ordering = ["-queued_at", "-pk"]
        indexes = [models.Index(fields=["by", "-queued_at"], name="sheet_import_by_recent")]

    def __str__(self) -> str:
        return f"{self.kind_label}：{self.file_name}"

    @property
    def is_open(self) -> bool:
        return self.state in SHEET_IMPORT_OPEN_STATES
