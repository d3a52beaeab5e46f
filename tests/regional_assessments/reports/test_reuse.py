"""Regional assessment reuse: which assessments a project needs, which zone report
covers each on a day, recording reuses and the zone committee's pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from crm.audit.models import AuditEntry
from regional_assessments.reports.models import AssessmentType, ReportReuse, ZoneReport, ZoneReportStatus
from regional_assessments.reports.selectors import assessments_needed, expiry_warning, reuse_candidates, reuse_savings
from regional_assessments.reports.services import reuse_record, reuse_savings_update, zone_report_withdraw
from tests.factories import ProjectFactory, UserFactory, ZoneFactory, ZoneReportFactory

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 6, 1)
INDUSTRIAL_BASE = [
    "land_survey",
    "geological_hazard",
    "mineral_overlay",
    "seismic_safety",
    "environmental_impact",
    "energy_saving",
    "soil_water_conservation",
    "climate_feasibility",
    "cultural_relics",
]


def types(*codes: str) -> list[AssessmentType]:
    return list(AssessmentType.objects.filter(code__in=codes))


def report_for(zone, codes=("environmental_impact",), **fields) -> ZoneReport:
    return ZoneReportFactory(zone=zone, issuing_body="盐城高新区管委会", assessment_types=codes, **fields)


@pytest.fixture
def hi_tech():
    return ZoneFactory(name="盐城高新区")


@pytest.fixture
def street(hi_tech):
    return ZoneFactory(name="高新区某街道", kind="town", parent=hi_tech)


@pytest.fixture
def project(hi_tech):
    return ProjectFactory(enterprise__zone=hi_tech, zone=hi_tech)


@pytest.fixture
def agent_user(project):
    from tests.factories import ProxyAgentFactory

    agent = ProxyAgentFactory(centre__zone=project.zone)
    project.agent = agent
    project.save(update_fields=["agent"])
    return agent.user


# --- what a project needs ---------------------------------------------------------------


def test_seeded_types_are_the_eleven_of_the_policy():
    names = list(AssessmentType.objects.values_list("name", flat=True))
    assert names == [
        "土地勘测定界",
        "地质灾害危险性评估",
        "压覆矿产资源评估",
        "地震安全性评价",
        "环境影响评价",
        "节能评估",
        "水土保持方案",
        "气候可行性论证",
        "文物评估",
        "地价评估",
        "土地复垦方案",
    ]
    assert all(t.default_days_saved > 0 and t.default_fee_saved > 0 for t in AssessmentType.objects.all())


def test_industrial_project_needs_the_nine_base_assessments(project):
    assert [t.code for t in assessments_needed(project)] == INDUSTRIAL_BASE


@pytest.mark.parametrize(("land_area", "extra"), [(Decimal(66667), True), (Decimal(66666), False), (None, False)])
def test_land_price_and_reclamation_only_above_the_land_area(hi_tech, land_area, extra):
    project = ProjectFactory(enterprise__zone=hi_tech, zone=hi_tech, land_area=land_area)
    codes = {t.code for t in assessments_needed(project)}
    assert ({"land_price", "land_reclamation"} <= codes) is extra


def test_rule_limited_to_industries_and_investment(hi_tech):
    from regional_assessments.reports.models import AssessmentRule

    rule = AssessmentRule.objects.create(
        name="大型软件项目", project_type="industrial", industries=["I"], min_investment=Decimal(50000)
    )
    rule.assessment_types.set(types("land_price"))
    software = ProjectFactory(enterprise__zone=hi_tech, zone=hi_tech, industry="I", investment_amount=Decimal(60000))
    small = ProjectFactory(enterprise__zone=hi_tech, zone=hi_tech, industry="I", investment_amount=Decimal(100))
    factory_ = ProjectFactory(enterprise__zone=hi_tech, zone=hi_tech, industry="C", investment_amount=Decimal(60000))
    assert "land_price" in {t.code for t in assessments_needed(software)}
    assert "land_price" not in {t.code for t in assessments_needed(small)}
    assert "land_price" not in {t.code for t in assessments_needed(factory_)}


# --- matching -----------------------------------------------------------------------------

CASES = {
    "covered": ({}, True),
    "not covered": ({"codes": ("land_price",)}, False),
    "expired": ({"valid_from": dt.date(2020, 1, 1)}, False),  # until 2025-01-01
    "last valid day": ({"valid_from": dt.date(2021, 6, 1)}, True),  # until 2026-06-01
    "not yet valid": ({"valid_from": dt.date(2026, 6, 2)}, False),
    "withdrawn": ({"status": ZoneReportStatus.WITHDRAWN, "withdrawn_on": dt.date(2026, 1, 1)}, False),
    "industry excluded": ({"excluded_industries": ["C"]}, False),
    "other industry excluded": ({"excluded_industries": ["K", "F"]}, True),
    "investment above maximum": ({"max_investment": Decimal(10000)}, False),
    "investment at maximum": ({"max_investment": Decimal(12000)}, True),
    "land area above maximum": ({"max_land_area": Decimal(30000)}, False),
    "other zone": ({"zone": "other"}, False),
    "ancestor zone": ({"zone": "parent"}, True),
    "child zone": ({"zone": "child"}, False),
}


@pytest.mark.parametrize(("fields", "covered"), CASES.values(), ids=CASES.keys())
def test_reuse_candidates(hi_tech, street, fields, covered):
    fields = dict(fields)
    project = ProjectFactory(enterprise__zone=street, zone=street)
    zone = {
        "other": ZoneFactory(name="另一个开发区"),
        "parent": hi_tech,
        "child": ZoneFactory(name="街道下的社区", kind="town", parent=street),
        None: street,
    }[fields.pop("zone", None)]
    report = report_for(zone, **fields)
    environmental = AssessmentType.objects.get(code="environmental_impact")
    candidates = reuse_candidates(project, ON)
    assert (candidates.get(environmental) == report) is covered
    assert (list(candidates) == [environmental]) is covered


def test_nearest_zone_report_is_preferred(hi_tech, street):
    project = ProjectFactory(enterprise__zone=street, zone=street)
    report_for(hi_tech, codes=("environmental_impact", "energy_saving"))
    own = report_for(street, codes=("environmental_impact",), title="街道报告")
    candidates = {t.code: r for t, r in reuse_candidates(project, ON).items()}
    assert candidates["environmental_impact"] == own
    assert candidates["energy_saving"].zone == hi_tech


def test_validity_defaults_to_five_years_and_can_be_set_per_report(hi_tech):
    assert report_for(hi_tech, valid_from=dt.date(2024, 2, 29)).valid_until == dt.date(2029, 2, 28)
    assert report_for(hi_tech, valid_until=dt.date(2027, 1, 1)).valid_until == dt.date(2027, 1, 1)


# --- recording reuses --------------------------------------------------------------------


def test_reuse_record_writes_rows_with_default_savings_and_returns_what_remains(project, agent_user):
    report = report_for(project.zone, codes=("environmental_impact", "energy_saving", "land_price"))
    outcome = reuse_record(project=project, on=ON, by=agent_user)
    assert {r.assessment_type.code for r in outcome.reused} == {"environmental_impact", "energy_saving"}
    assert [t.code for t in outcome.remaining] == [
        c for c in INDUSTRIAL_BASE if c not in ("environmental_impact", "energy_saving")
    ]
    reuse = ReportReuse.objects.get(project=project, assessment_type__code="environmental_impact")
    assert (reuse.report, reuse.days_saved, reuse.fee_saved, reuse.reused_on) == (report, 60, Decimal(300000), ON)
    assert reuse_savings(ReportReuse.objects.all()) == {
        "projects": 1,
        "assessments": 2,
        "days_saved": 90,
        "fee_saved": Decimal(360000),
    }


def test_reuse_record_is_idempotent_and_audited(project, agent_user):
    report_for(project.zone, codes=("environmental_impact", "energy_saving"))
    reuse_record(project=project, on=ON, by=agent_user)
    again = reuse_record(project=project, on=ON + dt.timedelta(days=1), by=agent_user)
    assert again.reused == []
    assert ReportReuse.objects.filter(project=project).count() == 2
    entries = AuditEntry.objects.filter(event="regional_report.reused")
    assert entries.count() == 2
    assert {e.actor for e in entries} == {agent_user}
    assert {e.after["assessment_type"] for e in entries} == {"环境影响评价", "节能评估"}
    assert all(e.effective_on == ON for e in entries)


def test_a_later_report_adds_only_the_types_not_reused_yet(project, agent_user):
    first = report_for(project.zone, codes=("environmental_impact",))
    reuse_record(project=project, on=ON, by=agent_user)
    report_for(
        project.zone, codes=("environmental_impact", "seismic_safety"), title="第二批", valid_from=dt.date(2026, 3, 1)
    )
    outcome = reuse_record(project=project, on=ON, by=agent_user)
    assert [r.assessment_type.code for r in outcome.reused] == ["seismic_safety"]
    assert ReportReuse.objects.get(project=project, assessment_type__code="environmental_impact").report == first


def test_reuse_record_refuses_users_without_a_part_in_the_project(project):
    report_for(project.zone)
    outsider = UserFactory(roles=["zone_committee"], zone=ZoneFactory(name="另一个开发区"))
    with pytest.raises(ValidationError) as refused:
        reuse_record(project=project, on=ON, by=outsider)
    assert refused.value.code == "reuse_not_allowed"
    member = UserFactory(roles=["zone_committee"], zone=project.zone)
    assert len(reuse_record(project=project, on=ON, by=member).reused) == 1


def test_savings_can_be_corrected_and_the_change_is_audited(project, agent_user):
    report_for(project.zone)
    reuse = reuse_record(project=project, on=ON, by=agent_user).reused[0]
    reuse_savings_update(reuse=reuse, by=agent_user, days_saved=45, fee_saved=Decimal(210000))
    reuse.refresh_from_db()
    assert (reuse.days_saved, reuse.fee_saved) == (45, Decimal(210000))
    entry = AuditEntry.objects.get(event="regional_report.reuse_savings_changed")
    assert entry.before == {"days_saved": 60, "fee_saved": "300000.00"}
    with pytest.raises(ValidationError):
        reuse_savings_update(reuse=reuse, by=agent_user, days_saved=-1, fee_saved=Decimal(0))


def test_withdrawn_report_keeps_past_reuses_and_stops_new_matching(hi_tech, project, agent_user):
    report = report_for(hi_tech)
    reuse_record(project=project, on=ON, by=agent_user)
    with pytest.raises(ValidationError):
        zone_report_withdraw(report=report, by=agent_user, on=ON, reason=" ")
    zone_report_withdraw(report=report, by=agent_user, on=ON, reason="规划调整")
    assert AuditEntry.objects.filter(event="regional_report.withdrawn", reason="规划调整").count() == 1
    assert ReportReuse.objects.filter(report=report).count() == 1
    newcomer = ProjectFactory(enterprise__zone=hi_tech, zone=hi_tech)
    assert reuse_candidates(newcomer, ON) == {}
    with pytest.raises(ValidationError) as twice:
        zone_report_withdraw(report=report, by=agent_user, on=ON, reason="再次")
    assert twice.value.code == "already_withdrawn"


# --- the committee's pages ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("valid_until", "level"),
    [
        (dt.date(2026, 9, 1), None),  # 92 days
        (dt.date(2026, 8, 30), 90),  # 90 days
        (dt.date(2026, 7, 2), 90),  # 31 days
        (dt.date(2026, 7, 1), 30),  # 30 days
        (dt.date(2026, 6, 1), 30),  # last day
        (dt.date(2026, 5, 31), None),  # expired: no longer a warning
    ],
)
def test_expiry_warnings_at_90_and_30_days(hi_tech, valid_until, level):
    report = report_for(hi_tech, valid_until=valid_until)
    warning = expiry_warning(report, ON)
    assert (warning.level if warning else None) == level


def test_withdrawn_report_gets_no_expiry_warning(hi_tech):
    report = report_for(hi_tech, valid_until=dt.date(2026, 6, 10), status=ZoneReportStatus.WITHDRAWN)
    assert expiry_warning(report, ON) is None


@pytest.fixture
def member(hi_tech):
    return UserFactory(roles=["zone_committee"], zone=hi_tech)


def test_committee_page_lists_zone_and_child_zone_reports_with_savings_and_impact(
    client, hi_tech, street, member, agent_user, project, django_assert_max_num_queries
):
    from django.utils import timezone

    today = timezone.localdate()
    lapsed = report_for(hi_tech, title="已撤回的报告", valid_from=today - dt.timedelta(days=400))
    reuse_record(project=project, on=today, by=agent_user)
    zone_report_withdraw(report=lapsed, by=member, on=today, reason="规划调整")
    report_for(
        street, title="街道报告", valid_from=today - dt.timedelta(days=10), valid_until=today + dt.timedelta(days=20)
    )
    report_for(ZoneFactory(name="另一个开发区"), title="别人的报告")
    client.force_login(member)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("regional_assessments:report_list"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "已撤回的报告" in html and "街道报告" in html and "别人的报告" not in html
    assert "1个项目复用过本报告" in html
    assert 'data-level="30"' in html
    assert page.context["totals"]["days_saved"] == 60 and page.context["totals"]["fee_saved"] == Decimal(300000)

    detail = client.get(reverse("regional_assessments:report_detail", args=[lapsed.pk]))
    assert detail.status_code == 200 and project.name in detail.content.decode()


def test_member_of_another_zone_sees_no_rows_and_gets_404_on_detail(client, hi_tech):
    report = report_for(hi_tech)
    stranger = UserFactory(roles=["zone_committee"], zone=ZoneFactory(name="另一个开发区"))
    client.force_login(stranger)
    assert client.get(reverse("regional_assessments:report_list")).context["reports"] == []
    assert client.get(reverse("regional_assessments:report_detail", args=[report.pk])).status_code == 404


def test_pages_require_sign_in_and_the_committee_role(client, hi_tech):
    report = report_for(hi_tech)
    for url in (
        reverse("regional_assessments:report_list"),
        reverse("regional_assessments:report_detail", args=[report.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(UserFactory(roles=["agent"]))
    assert client.get(reverse("regional_assessments:report_list")).status_code == 403


def test_committee_home_links_to_the_reports(client, member):
    client.force_login(member)
    assert (
        reverse("regional_assessments:report_list")
        in client.get(reverse("regional_assessments:committee_home")).content.decode()
    )


# --- the admin -----------------------------------------------------------------------------


def test_admin_adds_a_report_with_five_year_default_and_withdraws_it_through_the_service(admin_client, hi_tech):
    base = {
        "zone": hi_tech.pk,
        "title": "高新区区域环评报告",
        "issuing_body": "盐城市生态环境局",
        "approval_no": "盐环审〔2025〕1号",
        "valid_from": "2025-03-01",
        "valid_until": "",
        "land_parcels": "A-01\nA-02",
        "excluded_industries": ["K"],
        "assessment_types": [t.pk for t in types("environmental_impact")],
    }
    added = admin_client.post(reverse("admin:regional_assessments_zonereport_add"), base)
    assert added.status_code == 302, added.content.decode()[:2000]
    report = ZoneReport.objects.get(title="高新区区域环评报告")
    assert (report.valid_until, report.excluded_industries, report.parcel_list) == (
        dt.date(2030, 3, 1),
        ["K"],
        ["A-01", "A-02"],
    )
    change_url = reverse("admin:regional_assessments_zonereport_change", args=[report.pk])
    assert admin_client.get(change_url).status_code == 200
    data = {**base, "valid_until": "2030-03-01", "withdraw_reason": "区域规划调整", "withdraw_on": "2026-05-01"}
    unconfirmed = admin_client.post(change_url, data)  # a withdrawal cannot be undone: it asks first
    assert unconfirmed.status_code == 200 and "请勾选“确认撤回”" in unconfirmed.content.decode()
    assert ZoneReport.objects.get(pk=report.pk).status != ZoneReportStatus.WITHDRAWN
    assert admin_client.post(change_url, {**data, "withdraw_confirm": "on"}).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.withdrawn_on, report.withdrawal_reason) == (
        ZoneReportStatus.WITHDRAWN,
        dt.date(2026, 5, 1),
        "区域规划调整",
    )
    assert AuditEntry.objects.filter(event="regional_report.withdrawn").count() == 1


def test_admin_corrects_reuse_savings_through_the_service(admin_client, project, agent_user):
    report_for(project.zone)
    reuse = reuse_record(project=project, on=ON, by=agent_user).reused[0]
    url = reverse("admin:regional_assessments_reportreuse_change", args=[reuse.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"days_saved": 50, "fee_saved": "250000"}).status_code == 302
    reuse.refresh_from_db()
    assert (reuse.days_saved, reuse.fee_saved) == (50, Decimal(250000))
    assert AuditEntry.objects.filter(event="regional_report.reuse_savings_changed").count() == 1
