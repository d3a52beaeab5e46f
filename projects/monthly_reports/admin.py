from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from crm.admin import ReadOnlyAdmin, administrators_only
from projects.models import MonthlyReport


@admin.register(MonthlyReport)
class MonthlyReportAdmin(ReadOnlyAdmin):
    """The archive as issued: read only (a report is made again from its list page or
    ``manage.py monthly_report``, never edited)."""

    scope = administrators_only
    list_display = ("month", "zone", "overdue_count", "generated_at", "generated_by")
    list_filter = ("month", "zone")
    list_select_related = ("zone", "generated_by")
    exclude = ("pdf",)

    def get_readonly_fields(self, request, obj=None):
        # The stored file's internal path is no one's business: a download link instead.
        return [name for name in super().get_readonly_fields(request, obj) if name != "pdf"] + ["pdf_link"]

    @admin.display(description=_("通报文件"))
    def pdf_link(self, report: MonthlyReport) -> str:
        url = reverse("projects:monthly_report_file", args=[report.pk])
        return format_html('<a href="{}">{}.pdf</a>', url, report)
