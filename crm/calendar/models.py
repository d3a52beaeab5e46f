"""The working-day calendar: published years, their days, and the table's revision."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CalendarYear(models.Model):
    """An administrator's statement that a year's official schedule (国务院办公厅
    关于部分节假日安排的通知) is fully entered as CalendarDay rows. Years the
    ``chinese-calendar`` package covers need no row; a year with neither is
    provisional (Monday to Friday)."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(_("依据文件"), max_length=200, help_text=_("例如：国办发明电〔2026〕号"))
    published = models.BooleanField(
        _("安排已完整录入"), default=True, help_text=_("勾选后该年的期限不再标记为“暂定”，并自动重新计算")
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("年度节假日安排")
        verbose_name_plural = pgettext_lazy("plural", "年度节假日安排")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日（不上班）")
    WORKING_DAY = "working_day", _("调休上班日")


class CalendarDay(models.Model):
    """One day whose status differs from what the package (or Monday–Friday) says:
    a holiday, or an adjusted working day (调休). Local adjustments go here too."""

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=CalendarDayKind.choices)
    name = models.CharField(_("名称"), max_length=50, help_text=_("例如：春节、国庆节"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("节假日/调休日")
        verbose_name_plural = pgettext_lazy("plural", "节假日/调休日")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}（{self.get_kind_display()}）"


class CalendarRevision(models.Model):
    """A single counter bumped on every change to the calendar tables, so that every
    process (web, worker, beat) reloads its precomputed calendar within seconds."""

    number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("日历版本")
        verbose_name_plural = pgettext_lazy("plural", "日历版本")


class WorkdayOrdinal(models.Model):
    """Each calendar date with its working-day ordinal: how many working days there
    are from the table's first date up to and including it. The working days after one
    date up to another are the difference of their ordinals (``workdays_between``), so
    dashboards count working days in SQL, by a join, for any number of rows at once.
    Built from the working-day calendar (``crm.calendar.ordinals``) and rebuilt when it
    changes."""

    date = models.DateField(_("日期"), primary_key=True)
    ordinal = models.PositiveIntegerField(_("工作日序号"))

    class Meta:
        verbose_name = _("工作日序号")
        verbose_name_plural = pgettext_lazy("plural", "工作日序号")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.ordinal}"


class WorkdayOrdinalBuild(models.Model):
    """The one row saying which calendar revision the ordinal table was built from,
    and which dates it covers: a reader rebuilds it when either no longer fits."""

    revision = models.PositiveIntegerField(default=0)
    first = models.DateField(null=True)
    last = models.DateField(null=True)

    class Meta:
        verbose_name = _("工作日序号表版本")
        verbose_name_plural = pgettext_lazy("plural", "工作日序号表版本")
