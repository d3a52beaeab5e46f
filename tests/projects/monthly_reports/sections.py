"""A figure section registered by the tests (``settings.CRM_FIGURE_SECTIONS``), standing
for the regional reuse section an app above ``projects`` adds: it records the scope it
was asked for, so a test sees the report asked for its zone and month."""

from projects.dashboards.sections import FigureSection

ASKED = []


def reuse_section(scope, *, today):
    ASKED.append((scope, today))
    return FigureSection(
        key="test_reuse",
        title="区域评估成果复用",
        headers=["评估类别", "复用项目数", "节省资金（元）"],
        rows=[["地质灾害危险性评估", 12, 3850000], ["节能评估", 0, None]],
        summary=[("节省工作日", 1234)],
    )


SECTIONS = {"test_reuse": "tests.projects.monthly_reports.sections.reuse_section"}
