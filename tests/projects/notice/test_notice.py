"""The one-time notice (一次性告知书): every material of every item, once; materials on
file reused; what was told frozen; never a second full list; pages scoped per role."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from crm.accounts.roles import Role
from crm.audit.models import AuditEntry
from projects.cases.services import case_items_choose, case_open, case_project_link
from projects.models import (
    ApprovalItem,
    Material,
    MaterialForm,
    MaterialRequirement,
    NoticeKind,
    OneTimeNotice,
    OnlineLevel,
    ProxyCase,
)
from projects.notice.selectors import notice_content, notice_materials
from projects.notice.services import material_on_file_record, notice_issue, notice_supplement_issue
from tests.factories import (
    ApprovalItemFactory,
    EnterpriseContactFactory,
    EnterpriseFactory,
    ProjectFactory,
    ProxyAgentFactory,
    ServiceCentreFactory,
    SupervisorFactory,
    UserFactory,
    ZoneFactory,
)

pytestmark = pytest.mark.django_db


def catalogue_item(code: str, name: str, *, committed: int = 5, fee: str = "0") -> ApprovalItem:
    return ApprovalItemFactory(
        code=code,
        name=name,
        department__name=f"{name}审批科",
        committed_days=committed,
        fee=Decimal(fee),
        online_level=OnlineLevel.ONLINE_PREREVIEW,
    )


def needs(item: ApprovalItem, material: Material, order: int = 1, **fields) -> MaterialRequirement:
    return MaterialRequirement.objects.create(item=item, material=material, order=order, **fields)


def material(name: str, **fields) -> Material:
    return Material.objects.create(name=name, **fields)


@pytest.fixture
def centre():
    return ServiceCentreFactory(phone="0515-88886666", address="盐都区政务服务中心三楼")


@pytest.fixture
def agent(centre):
    return ProxyAgentFactory(centre=centre, phone="13905150000")


@pytest.fixture
def case(agent):
    enterprise = EnterpriseFactory(zone=agent.centre.zone, name="盐城精密机械有限公司")
    opened = case_open(
        enterprise=enterprise, agent=agent, channel="visit", summary="新建厂房，咨询施工许可", by=agent.user
    )
    case_project_link(
        case=opened,
        project=ProjectFactory(enterprise=enterprise, agent=agent, name="年产5万台精密机床项目"),
        by=agent.user,
    )
    return opened


@pytest.fixture
def catalogue():
    """Two items sharing the business licence; the land-use permit has a template."""
    licence, land, drawings = material("营业执照副本"), material("建设用地规划许可证"), material("施工图设计文件")
    planning = catalogue_item("YD-GH-01", "建设工程规划许可")
    permit = catalogue_item("YD-JS-02", "建筑工程施工许可", committed=7, fee="120.00")
    needs(planning, licence, 1, form=MaterialForm.COPY, copies=1)
    needs(planning, land, 2, form=MaterialForm.ORIGINAL, copies=1, form_template="forms/land.docx", note="加盖公章")
    needs(permit, licence, 1, form=MaterialForm.ORIGINAL, copies=3, required=False)
    needs(permit, drawings, 2, form=MaterialForm.ELECTRONIC, copies=2)
    return {"planning": planning, "permit": permit, "licence": licence, "land": land, "drawings": drawings}


@pytest.fixture
def chosen(case, agent, catalogue):
    case_items_choose(case=case, approval_items=[catalogue["planning"], catalogue["permit"]], by=agent.user)
    return case


def by_name(rows):
    return {row["name"]: row for row in rows}


# --- the list -----------------------------------------------------------------------------


def test_a_material_two_items_need_is_listed_once(chosen, catalogue):
    rows = notice_materials(chosen)
    assert [row["name"] for row in rows] == ["营业执照副本", "建设用地规划许可证", "施工图设计文件"]
    licence = by_name(rows)["营业执照副本"]
    assert licence["items"] == ["建设工程规划许可", "建筑工程施工许可"]
    assert licence["copies"] == 3  # the most any item asks
    assert licence["form_label"] == "原件、复印件"
    assert licence["required"] is True  # required by one item, tolerated by the other
    land = by_name(rows)["建设用地规划许可证"]
    requirement = MaterialRequirement.objects.get(material=catalogue["land"], item=catalogue["planning"])
    assert land["template_url"] == f"/projects/forms/{requirement.pk}/" and land["note"] == "加盖公章"
    assert [row["number"] for row in rows] == [1, 2, 3]


def test_a_material_every_item_tolerates_is_optional(chosen, catalogue):
    MaterialRequirement.objects.filter(material=catalogue["licence"]).update(required=False)
    assert by_name(notice_materials(chosen))["营业执照副本"]["required"] is False


def test_materials_on_file_are_marked_and_expired_ones_are_not(chosen, catalogue, agent):
    today = timezone.localdate()
    material_on_file_record(
        enterprise=chosen.enterprise,
        material=catalogue["licence"],
        received_on=today - dt.timedelta(days=30),
        note="前次案件提交",
        by=agent.user,
    )
    material_on_file_record(
        enterprise=chosen.enterprise,
        material=catalogue["land"],
        received_on=today - dt.timedelta(days=400),
        valid_until=today - dt.timedelta(days=1),
        by=agent.user,
    )
    other = EnterpriseFactory(zone=chosen.enterprise.zone, assigned_agent=agent)
    material_on_file_record(enterprise=other, material=catalogue["drawings"], received_on=today, by=agent.user)
    rows = by_name(notice_materials(chosen))
    assert rows["营业执照副本"]["on_file"] is True
    assert rows["建设用地规划许可证"]["on_file"] is False  # expired yesterday
    assert rows["施工图设计文件"]["on_file"] is False  # another enterprise's
    assert notice_content(chosen)["to_submit"] == 2
    # still valid on its last day
    assert by_name(notice_materials(chosen, on=today - dt.timedelta(days=1)))["建设用地规划许可证"]["on_file"] is True


def test_a_material_that_cannot_be_reused_is_asked_for_even_if_on_file(chosen, catalogue, agent):
    Material.objects.filter(pk=catalogue["licence"].pk).update(reusable=False)
    material_on_file_record(
        enterprise=chosen.enterprise, material=catalogue["licence"], received_on=timezone.localdate(), by=agent.user
    )
    assert by_name(notice_materials(chosen))["营业执照副本"]["on_file"] is False


def test_recording_a_material_on_file(chosen, catalogue, agent):
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        material_on_file_record(
            enterprise=chosen.enterprise, material=catalogue["licence"], received_on=today, by=ProxyAgentFactory().user
        )
    with pytest.raises(ValidationError) as caught:
        material_on_file_record(
            enterprise=chosen.enterprise,
            material=catalogue["licence"],
            received_on=today,
            valid_until=today - dt.timedelta(days=1),
            by=agent.user,
        )
    assert caught.value.code == "material_valid_before_received"
    with pytest.raises(ValidationError):
        material_on_file_record(
            enterprise=chosen.enterprise,
            material=catalogue["licence"],
            received_on=today + dt.timedelta(days=1),
            by=agent.user,
        )
    held = material_on_file_record(
        enterprise=chosen.enterprise, material=catalogue["licence"], received_on=today, by=agent.user
    )
    assert AuditEntry.objects.get(event="material.recorded", subject_id=str(held.pk)).actor == agent.user


# --- issuing -------------------------------------------------------------------------------


def test_issuing_needs_items_and_case_staff(case, agent, catalogue):
    with pytest.raises(ValidationError) as caught:
        notice_issue(case=case, by=agent.user)
    assert caught.value.code == "notice_no_items"
    case_items_choose(case=case, approval_items=[catalogue["planning"]], by=agent.user)
    for outsider in (ProxyAgentFactory(centre=agent.centre).user, UserFactory(roles=[Role.ENTERPRISE])):
        with pytest.raises(PermissionDenied):
            notice_issue(case=case, by=outsider)
    assert not OneTimeNotice.objects.exists()


def test_issued_notice_records_what_was_told(chosen, agent):
    notice = notice_issue(case=chosen, by=agent.user)
    today = timezone.localdate()
    assert notice.number == f"GZ{today:%Y}{chosen.pk:06d}-01"
    assert (notice.kind, notice.sequence, notice.issued_on, notice.issued_by) == (NoticeKind.FULL, 1, today, agent.user)
    content = notice.content
    assert content["case"]["number"] == chosen.number
    assert content["enterprise"]["name"] == "盐城精密机械有限公司"
    assert content["project"]["name"] == "年产5万台精密机床项目"
    assert content["agent"]["phone"] == "13905150000" and content["centre"]["phone"] == "0515-88886666"
    items = by_name(content["items"])
    assert items["建筑工程施工许可"]["committed_days"] == 7 and items["建筑工程施工许可"]["fee"] == "120.00"
    assert items["建设工程规划许可"]["department"] == "建设工程规划许可审批科"
    entry = AuditEntry.objects.get(event="notice.issued", subject_id=str(notice.pk))
    assert entry.actor == agent.user and entry.after["materials"] == 3


def test_the_printed_notice_does_not_change_with_the_catalogue(client, chosen, catalogue, agent):
    notice = notice_issue(case=chosen, by=agent.user)
    frozen = OneTimeNotice.objects.get(pk=notice.pk).content
    Material.objects.filter(pk=catalogue["licence"].pk).update(name="营业执照（新版）")
    MaterialRequirement.objects.filter(item=catalogue["permit"], material=catalogue["drawings"]).update(copies=9)
    needs(catalogue["permit"], material("消防设计审查意见书"), 3)
    ApprovalItem.objects.filter(pk=catalogue["permit"].pk).update(name="施工许可（改名）", committed_days=3)
    material_on_file_record(
        enterprise=chosen.enterprise, material=catalogue["land"], received_on=timezone.localdate(), by=agent.user
    )
    notice.refresh_from_db()
    assert notice.content == frozen
    client.force_login(agent.user)
    page = client.get(f"/projects/cases/{chosen.pk}/notice/{notice.pk}/").content.decode()
    assert "营业执照副本" in page and "建筑工程施工许可" in page
    assert "营业执照（新版）" not in page and "消防设计审查意见书" not in page and "施工许可（改名）" not in page
    assert "data-on-file" not in page  # the land permit came on file after the notice


def test_the_notice_page_styles_carry_the_nonce_of_its_content_security_policy(client, chosen, agent):
    notice = notice_issue(case=chosen, by=agent.user)
    client.force_login(agent.user)
    response = client.get(f"/projects/cases/{chosen.pk}/notice/{notice.pk}/")
    nonce = re.search(r"style-src 'self' 'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">' in response.content.decode()
    assert "style=" not in response.content.decode()


def test_a_second_full_notice_is_refused(chosen, agent, catalogue):
    first = notice_issue(case=chosen, by=agent.user)
    with pytest.raises(ValidationError) as caught:
        notice_issue(case=chosen, by=agent.user)
    assert caught.value.code == "notice_already_issued"
    message = caught.value.messages[0]
    assert "不能再出具第二份完整告知书" in message and first.number in message and "补充告知书" in message
    case_items_choose(case=chosen, approval_items=[catalogue_item("YD-HB-03", "环评审批")], by=agent.user)
    with pytest.raises(ValidationError):
        notice_issue(case=chosen, by=agent.user)
    assert chosen.notices.count() == 1


def test_the_database_allows_one_full_notice_per_case(chosen, agent):
    first = notice_issue(case=chosen, by=agent.user)
    with pytest.raises(IntegrityError), transaction.atomic():
        OneTimeNotice.objects.create(
            case=chosen,
            number="GZ-DUP",
            kind=NoticeKind.FULL,
            sequence=1,
            issued_on=first.issued_on,
            issued_by=agent.user,
            content={},
        )


def test_no_notice_for_a_finished_case(chosen, agent):
    ProxyCase.objects.filter(pk=chosen.pk).update(state="withdrawn")
    chosen.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        notice_issue(case=chosen, by=agent.user)
    assert caught.value.code == "notice_case_finished"


# --- supplements -----------------------------------------------------------------------------


def test_supplement_lists_only_new_materials_and_needs_a_reason(chosen, agent, catalogue):
    with pytest.raises(ValidationError) as caught:
        notice_supplement_issue(case=chosen, reason="新增环评", by=agent.user)
    assert caught.value.code == "notice_not_issued"
    first = notice_issue(case=chosen, by=agent.user)
    with pytest.raises(ValidationError) as caught:
        notice_supplement_issue(case=chosen, reason="新增环评", by=agent.user)
    assert caught.value.code == "notice_nothing_new"

    eia = catalogue_item("YD-HB-03", "环评审批")
    needs(eia, catalogue["licence"], 1, copies=5)
    needs(eia, material("环境影响报告表"), 2)
    case_items_choose(case=chosen, approval_items=[eia], by=agent.user)
    with pytest.raises(ValidationError) as caught:
        notice_supplement_issue(case=chosen, reason="  ", by=agent.user)
    assert caught.value.code == "notice_reason_required"
    with pytest.raises(ValidationError) as caught:
        notice_supplement_issue(case=chosen, reason="补记", on=first.issued_on - dt.timedelta(days=1), by=agent.user)
    assert caught.value.code == "notice_date_before_last"

    supplement = notice_supplement_issue(case=chosen, reason="项目方案调整，需办理环评审批", by=agent.user)
    assert (supplement.kind, supplement.sequence, supplement.supplements) == (NoticeKind.SUPPLEMENT, 2, first)
    assert supplement.number.endswith("-02") and supplement.reason == "项目方案调整，需办理环评审批"
    assert [row["name"] for row in supplement.content["items"]] == ["环评审批"]
    assert [row["name"] for row in supplement.content["materials"]] == ["环境影响报告表"]
    assert supplement.content["already_told"] == [
        {"name": "营业执照副本", "items": ["环评审批"], "notice": first.number}
    ]
    entry = AuditEntry.objects.get(event="notice.supplemented", subject_id=str(supplement.pk))
    assert entry.reason == "项目方案调整，需办理环评审批" and entry.after["supplements"] == first.number

    with pytest.raises(ValidationError) as caught:
        notice_supplement_issue(case=chosen, reason="再来一次", by=agent.user)
    assert caught.value.code == "notice_nothing_new"
    with pytest.raises(IntegrityError), transaction.atomic():  # one supplement per notice
        OneTimeNotice.objects.create(
            case=chosen,
            number="GZ-DUP",
            kind=NoticeKind.SUPPLEMENT,
            sequence=3,
            supplements=first,
            reason="并发",
            issued_on=first.issued_on,
            issued_by=agent.user,
            content={},
        )


def test_supplement_page_issues_with_a_reason_only(client, chosen, agent, catalogue):
    notice_issue(case=chosen, by=agent.user)
    eia = catalogue_item("YD-HB-03", "环评审批")
    needs(eia, material("环境影响报告表"))
    case_items_choose(case=chosen, approval_items=[eia], by=agent.user)
    client.force_login(agent.user)
    page = client.get(f"/projects/cases/{chosen.pk}/notice/").content.decode()
    assert "补充告知预览" in page and "环境影响报告表" in page and "营业执照副本" not in page.split("补充告知预览")[1]
    refused = client.post(f"/projects/cases/{chosen.pk}/notice/supplement/", {"reason": ""}, follow=True)
    assert "出具补充告知书必须说明原因" in refused.content.decode()
    done = client.post(f"/projects/cases/{chosen.pk}/notice/supplement/", {"reason": "新增环评审批"}, follow=True)
    text = done.content.decode()
    assert "补充告知" in text and "新增环评审批" in text and "环境影响报告表" in text
    assert chosen.notices.count() == 2


# --- pages -----------------------------------------------------------------------------------


def test_agent_previews_then_issues_and_prints(client, chosen, agent, catalogue):
    material_on_file_record(
        enterprise=chosen.enterprise, material=catalogue["licence"], received_on=timezone.localdate(), by=agent.user
    )
    client.force_login(agent.user)
    preview = client.get(f"/projects/cases/{chosen.pk}/notice/").content.decode()
    assert "告知书预览" in preview and "营业执照副本" in preview and "出具一次性告知书" in preview
    response = client.post(f"/projects/cases/{chosen.pk}/notice/issue/", follow=True)
    notice = chosen.notices.get()
    assert response.redirect_chain[-1][0] == f"/projects/cases/{chosen.pk}/notice/{notice.pk}/"
    page = response.content.decode()
    for text in (
        "一次性告知书",
        notice.number,
        chosen.number,
        "盐城精密机械有限公司",
        "年产5万台精密机床项目",
        f"{notice.issued_on:%Y-%m-%d}",
        'data-on-file><td class="num">1</td><td>营业执照副本',
        "已有，无需再次提交",
        "无偿代办",
        "不会再要求",
        "13905150000",
        "0515-88886666",
        "建设工程规划许可审批科",
        "120.00元",
        "@page",
    ):
        assert text in page, text
    again = client.post(f"/projects/cases/{chosen.pk}/notice/issue/", follow=True).content.decode()
    assert "不能再出具第二份完整告知书" in again


def test_the_pdf_is_a_pdf_with_the_chinese_material_names(client, chosen, agent):
    from pypdf import PdfReader

    notice = notice_issue(case=chosen, by=agent.user)
    client.force_login(agent.user)
    response = client.get(f"/projects/cases/{chosen.pk}/notice/{notice.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = re.sub(r"\s+", "", text)  # table cells wrap, the title is letter-spaced
    assert "营业执照副本" in text and "一次性告知书" in text and notice.number in text


def test_the_pdf_is_made_once_and_kept_and_a_downed_cache_only_costs_time(client, chosen, agent, monkeypatch):
    from django.core.cache import cache

    from crm import documents

    made = []
    real = documents.pdf_from_html
    monkeypatch.setattr(documents, "pdf_from_html", lambda html: made.append(1) or real(html))
    notice = notice_issue(case=chosen, by=agent.user)
    client.force_login(agent.user)
    url = f"/projects/cases/{chosen.pk}/notice/{notice.pk}/pdf/"
    first, second = client.get(url), client.get(url)
    assert first.content == second.content and first.content.startswith(b"%PDF")
    assert len(made) == 1  # the second download is the kept PDF

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    client.force_login(agent.user)
    third = client.get(url)
    assert third.status_code == 200 and third.content.startswith(b"%PDF") and len(made) == 2


# who may open which notice URL; the notice of the fixture is already issued, so
# the POSTs of staff are refused by the service (a message, back to the page)
EVERY_URL = ("page", "detail", "pdf", "issue", "supplement")
STAFF = {"page": 200, "detail": 200, "pdf": 200, "issue": 302, "supplement": 302}
CONTACT = {"page": 200, "detail": 200, "pdf": 200, "issue": 403, "supplement": 403}
NOBODY = dict.fromkeys(EVERY_URL, 404)
ACCESS = {
    "agent_owner": STAFF,
    "other_agent": NOBODY,
    "supervisor": STAFF,
    "supervisor_other_centre": NOBODY,
    "contact_own": CONTACT,
    "contact_other": NOBODY,
    "zone_committee": NOBODY,
    "editor": NOBODY,
    "admin": STAFF,
}


@pytest.fixture
def issued(chosen, agent):
    return notice_issue(case=chosen, by=agent.user)


def _people(case, agent):
    contact_own = EnterpriseContactFactory(enterprise=case.enterprise).user
    contact_other = EnterpriseContactFactory(name="李经理", phone="1").user
    return {
        "agent_owner": agent.user,
        "other_agent": ProxyAgentFactory(centre=agent.centre).user,
        "supervisor": SupervisorFactory(centre=agent.centre).user,
        "supervisor_other_centre": SupervisorFactory().user,
        "contact_own": contact_own,
        "contact_other": contact_other,
        "zone_committee": UserFactory(roles=[Role.ZONE_COMMITTEE], zone=case.enterprise.zone),
        "editor": UserFactory(roles=[Role.EDITOR]),
        "admin": UserFactory(roles=[Role.ADMINISTRATOR], is_superuser=True, is_staff=True),
    }


def _urls(case, notice):
    base = f"/projects/cases/{case.pk}/notice/"
    return {
        "page": ("get", base),
        "detail": ("get", f"{base}{notice.pk}/"),
        "pdf": ("get", f"{base}{notice.pk}/pdf/"),
        "issue": ("post", f"{base}issue/"),
        "supplement": ("post", f"{base}supplement/"),
    }


@pytest.mark.parametrize(("who", "expected"), ACCESS.items())
def test_every_notice_url_is_scoped_per_role(client, chosen, agent, issued, who, expected):
    client.force_login(_people(chosen, agent)[who])
    got = {name: getattr(client, method)(url).status_code for name, (method, url) in _urls(chosen, issued).items()}
    assert got == expected
    assert chosen.notices.count() == 1


def test_anonymous_is_sent_to_login_from_every_notice_url(client, chosen, issued):
    for method, url in _urls(chosen, issued).values():
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url


def test_the_enterprise_sees_issued_notices_but_no_draft(client, case, agent, catalogue):
    contact = EnterpriseContactFactory(enterprise=case.enterprise).user
    case_items_choose(case=case, approval_items=[catalogue["planning"]], by=agent.user)
    client.force_login(contact)
    page = client.get(f"/projects/cases/{case.pk}/notice/").content.decode()
    assert "尚未出具一次性告知书" in page and "营业执照副本" not in page and "出具一次性告知书</button>" not in page


def test_a_notice_of_another_case_is_not_found_under_this_one(client, chosen, agent, issued):
    other = case_open(enterprise=chosen.enterprise, agent=agent, channel="phone", summary="另一个项目", by=agent.user)
    client.force_login(agent.user)
    assert client.get(f"/projects/cases/{other.pk}/notice/{issued.pk}/").status_code == 404


# --- queries ---------------------------------------------------------------------------------


def _case_with_items(agent, n: int) -> ProxyCase:
    enterprise = EnterpriseFactory(zone=ZoneFactory(), assigned_agent=agent)
    case = case_open(enterprise=enterprise, agent=agent, channel="phone", summary="咨询", by=agent.user)
    shared = Material.objects.get_or_create(name="营业执照副本")[0]
    items = []
    for i in range(n):
        item = catalogue_item(f"Q-{case.pk}-{i}", f"事项{case.pk}-{i}")
        needs(item, shared, 1, form_template="forms/x.docx")
        needs(item, material(f"材料{case.pk}-{i}-甲"), 2)
        needs(item, material(f"材料{case.pk}-{i}-乙"), 3, required=False)
        items.append(item)
    case_items_choose(case=case, approval_items=items, by=agent.user)
    material_on_file_record(enterprise=enterprise, material=shared, received_on=timezone.localdate(), by=agent.user)
    return case


def test_the_preview_reads_a_fixed_number_of_queries(client, agent, django_assert_max_num_queries):
    client.force_login(agent.user)
    counts = []
    for n in (2, 10):
        case = _case_with_items(agent, n)
        with django_assert_max_num_queries(4):
            rows = notice_materials(case)
        assert len(rows) == 2 * n + 1
        with django_assert_max_num_queries(10) as captured:
            response = client.get(f"/projects/cases/{case.pk}/notice/")
        assert response.status_code == 200 and response.content.decode().count("data-on-file") == 1
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


# --- admin -----------------------------------------------------------------------------------


def test_admin_records_materials_through_the_service_and_only_shows_notices(admin_client, chosen, catalogue, agent):
    today = timezone.localdate()
    response = admin_client.post(
        "/admin/projects/enterprisematerial/add/",
        {
            "enterprise": chosen.enterprise.pk,
            "material": catalogue["licence"].pk,
            "received_on": f"{today:%Y-%m-%d}",
            "valid_until": "",
            "note": "部门共享",
        },
    )
    assert response.status_code == 302
    held = chosen.enterprise.materials_on_file.get()
    assert held.note == "部门共享" and held.recorded_by.username == "admin"
    assert AuditEntry.objects.filter(event="material.recorded", subject_id=str(held.pk)).exists()

    notice = notice_issue(case=chosen, by=agent.user)
    assert admin_client.get(f"/admin/projects/onetimenotice/{notice.pk}/change/").status_code == 200
    assert admin_client.get(f"/admin/projects/onetimenotice/{notice.pk}/delete/").status_code == 403
    admin_client.post(f"/admin/projects/onetimenotice/{notice.pk}/change/", {"number": "X"})
    notice.refresh_from_db()
    assert notice.number != "X"
