"""A project's assessments page: scoped like the project; the staff record reuse and
move the merged assessment; the zone report's file reaches only those entitled."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from crm.audit.models import AuditEntry
from projects.models import Milestone, MilestoneState
from regional_assessments.merged.models import Draw, MergedAssessment
from regional_assessments.reports.models import ReportReuse
from tests.factories import ExpertFactory, IntermediaryFactory, ZoneReportFactory

pytestmark = pytest.mark.django_db

COVERED = [
    "land_survey",
    "geological_hazard",
    "mineral_overlay",
    "seismic_safety",
    "soil_water_conservation",
    "climate_feasibility",
    "cultural_relics",
]
LEFT = ["environmental_impact", "energy_saving"]

ACCESS = {
    "agent1": 200,
    "supervisor": 200,
    "admin": 200,
    "enterprise1": 200,
    "zone_a": 200,
    "agent2": 404,
    "supervisor_b": 404,
    "zone_b": 404,
    "editor": 404,
    "nobody": 404,
}


@pytest.fixture
def report(world):
    return ZoneReportFactory(
        zone=world.own_project.zone,
        title="甲高新区区域评估报告",
        issuing_body="甲高新区管委会",
        approval_no="甲管〔2024〕1号",
        valid_from=dt.date(2024, 1, 1),
        assessment_types=COVERED,
    )


@pytest.fixture
def pools(world):
    for n in range(3):
        IntermediaryFactory(name=f"中介{n}", qualifications=LEFT)
    for n in range(6):
        ExpertFactory(name=f"专家{n}", specialties=LEFT)


def url(project, tail=""):
    return f"/projects/{project.pk}/assessments/{tail}"


@pytest.mark.parametrize(("username", "status"), ACCESS.items())
def test_the_page_is_scoped_like_the_project(client, world, report, username, status):
    client.force_login(world.users[username])
    assert client.get(url(world.own_project)).status_code == status


def test_the_page_says_which_assessments_a_report_covers_and_which_must_be_commissioned(client, world, report):
    client.force_login(world.users["agent1"])
    page = client.get(url(world.own_project)).content.decode()
    assert page.count('data-status="reusable"') == len(COVERED)
    assert page.count('data-status="to_commission"') == len(LEFT)
    assert "甲高新区区域评估报告" in page and "启动多评合一" in page


def test_the_enterprise_reads_but_cannot_act(client, world, report):
    client.force_login(world.users["enterprise1"])
    page = client.get(url(world.own_project)).content.decode()
    assert "启动多评合一" not in page and "登记复用区域评估成果" not in page
    assert client.post(url(world.own_project, "merged/")).status_code == 403
    assert client.post(url(world.own_project, "reuse/"), follow=True).status_code == 200
    assert not ReportReuse.objects.exists() and not MergedAssessment.objects.exists()


def test_the_zone_committee_records_reuse_for_a_project_of_its_zone(client, world, report):
    client.force_login(world.users["zone_a"])
    page = client.post(url(world.own_project, "reuse/"), follow=True).content.decode()
    assert f"已登记复用 {len(COVERED)} 项" in page
    assert page.count('data-status="reused"') == len(COVERED)


def test_a_merged_assessment_through_the_page_to_its_approval(client, world, report, pools):
    project = world.own_project
    client.force_login(world.users["agent1"])
    started = client.post(url(project, "merged/"), follow=True).content.decode()
    assert "已启动多评合一" in started and "环境影响评价" in started
    assessment = MergedAssessment.objects.get(project=project)
    assert set(assessment.assessment_types.values_list("code", flat=True)) == set(LEFT)
    assert ReportReuse.objects.filter(project=project).count() == len(COVERED)

    def move(action, **data):
        return client.post(url(project, f"merged/{assessment.pk}/{action}/"), data, follow=True).content.decode()

    page = move("draw-intermediary", expected_state="scoped")
    assert "以种子重放，结果一致" in page
    draw = Draw.objects.get(assessment=assessment)
    assert str(draw.seed) in page
    stale = move("start-compiling", expected_state="scoped")
    assert "该记录已被其他人修改" in stale
    move("start-compiling", expected_state="intermediary_drawn")
    assert "至少" in move("draw-experts", count="0")
    move("draw-experts", count="3")
    assessment.refresh_from_db()
    assert (assessment.state, assessment.experts.count()) == ("in_joint_review", 3)
    move("request-revision", reason="环评结论需补充大气监测数据")
    move("resubmit")
    page = move("approve", approval_no="盐环审〔2026〕9号")
    assessment.refresh_from_db()
    assert (assessment.state, assessment.approval_no) == ("approved", "盐环审〔2026〕9号")
    assert page.count('data-status="approved"') == len(LEFT)


def test_another_agent_cannot_move_a_merged_assessment_by_changing_the_url(client, world, report, pools):
    client.force_login(world.users["agent1"])
    client.post(url(world.own_project, "merged/"))
    assessment = MergedAssessment.objects.get()
    client.force_login(world.users["agent2"])
    response = client.post(url(world.own_project, f"merged/{assessment.pk}/draw-intermediary/"))
    assert response.status_code == 404
    response = client.post(url(world.other_project, f"merged/{assessment.pk}/draw-intermediary/"))
    assert response.status_code == 404  # not a merged assessment of that project
    assessment.refresh_from_db()
    assert assessment.state == "scoped"


def test_savings_are_corrected_on_the_page(client, world, report):
    client.force_login(world.users["agent1"])
    client.post(url(world.own_project, "reuse/"))
    reuse = ReportReuse.objects.filter(project=world.own_project).first()
    client.post(url(world.own_project, f"reuse/{reuse.pk}/savings/"), {"days_saved": "12", "fee_saved": "80000"})
    reuse.refresh_from_db()
    assert (reuse.days_saved, str(reuse.fee_saved)) == (12, "80000.00")
    page = client.post(
        url(world.own_project, f"reuse/{reuse.pk}/savings/"), {"days_saved": "-1", "fee_saved": "0"}, follow=True
    ).content.decode()
    assert "不能为负数" in page
    reuse.refresh_from_db()
    assert reuse.days_saved == 12


# --- the report's file -------------------------------------------------------------------------

FILE_ACCESS = {
    "zone_a": 200,
    "admin": 200,
    "agent1": 200,
    "enterprise1": 200,
    "agent2": 404,
    "zone_b": 404,
    "supervisor_b": 404,
    "editor": 404,
}


@pytest.mark.parametrize(("username", "status"), FILE_ACCESS.items())
def test_the_report_file_reaches_its_committee_and_the_projects_that_reused_it(
    client, world, report, settings, tmp_path, username, status
):
    settings.MEDIA_ROOT = tmp_path
    report.file.save("report.pdf", ContentFile(b"%PDF-1.4 zone report"))
    client.force_login(world.users["agent1"])
    client.post(url(world.own_project, "reuse/"))
    client.force_login(world.users[username])
    response = client.get(f"/zone/reports/{report.pk}/file/")
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 zone report"


def test_no_file_is_a_404(client, world, report):
    client.force_login(world.users["zone_a"])
    assert client.get(f"/zone/reports/{report.pk}/file/").status_code == 404


def test_the_merged_assessment_is_started_and_approved_on_the_days_they_happened(client, world, report, pools):
    today = timezone.localdate()
    started, approved = today - dt.timedelta(days=20), today - dt.timedelta(days=3)
    project = world.own_project
    client.force_login(world.users["agent1"])
    client.post(url(project, "merged/"), {"on": f"{started:%Y-%m-%d}"})
    assessment = MergedAssessment.objects.get(project=project)
    milestone = Milestone.objects.get(project=project, definition__code="assessments")
    assert milestone.started_on == started

    def move(action, on=started, **data):
        data["on"] = f"{on:%Y-%m-%d}"
        return client.post(url(project, f"merged/{assessment.pk}/{action}/"), data, follow=True).content.decode()

    move("draw-intermediary", expected_state="scoped")
    move("start-compiling", expected_state="intermediary_drawn")
    move("draw-experts", count="3")
    refused = move("approve", on=started - dt.timedelta(days=1), approval_no="盐环审〔2026〕9号")
    assert "日期不能早于上一环节的日期" in refused
    move("approve", on=approved, approval_no="盐环审〔2026〕9号")
    assessment.refresh_from_db()
    assert assessment.state == "approved"
    entry = AuditEntry.objects.filter(subject_id=str(assessment.pk), event="merged_assessment.approved").get()
    assert entry.effective_on == approved
    milestone.refresh_from_db()
    assert (milestone.state, milestone.finished_on) == (MilestoneState.COMPLETED, approved)
    assert len(LEFT) == assessment.assessment_types.count()
