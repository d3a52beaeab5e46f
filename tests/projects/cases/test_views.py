"""The case pages: first contact to closure through the browser-facing views, and
every case URL with every role."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from crm.accounts.roles import Role
from crm.calendar.workdays import workdays_add
from projects.cases.actions import item_action_perform
from projects.cases.services import case_authorise, case_items_choose, case_open, case_project_link
from projects.models import ItemState, ProxyCase
from tests.factories import (
    ApprovalItemFactory,
    DepartmentFactory,
    EnterpriseFactory,
    ProxyAgentFactory,
    UserFactory,
    ZoneFactory,
)

pytestmark = pytest.mark.django_db


# who may open agent1's case: the agent, the supervisor of that centre, admin, the
# enterprise's contact (read-only); nobody else learns it exists
CASE_ACCESS = {
    "agent1": 200,
    "supervisor": 200,
    "admin": 200,
    "enterprise1": 200,
    "agent2": 404,
    "supervisor_b": 404,
    "zone_a": 404,
    "editor": 404,
    "nobody": 404,
}


@pytest.mark.parametrize(("username", "status"), CASE_ACCESS.items())
def test_case_page_scoped_per_role(client, world, own_case, username, status):
    client.force_login(world.users[username])
    response = client.get(f"/projects/cases/{own_case.pk}/")
    assert response.status_code == status
    if status == 200:
        assert own_case.number in response.content.decode()


def test_enterprise_contact_sees_no_actions_or_internal_timeline(client, world, own_case):
    client.force_login(world.users["enterprise1"])
    page = client.get(f"/projects/cases/{own_case.pk}/").content.decode()
    assert 'data-testid="timeline"' not in page and "data-action=" not in page


@pytest.mark.parametrize("username", ["agent2", "supervisor_b", "enterprise1", "zone_a", "editor", "nobody"])
def test_outsiders_cannot_act_on_a_case(client, world, own_case, username):
    item = own_case.items.get()
    client.force_login(world.users[username])
    response = client.post(f"/projects/cases/{own_case.pk}/items/{item.pk}/pass_prereview/", {"on": "2026-03-03"})
    assert response.status_code in (403, 404)
    item.refresh_from_db()
    assert item.state == ItemState.PREPARING


def test_anonymous_goes_to_login(client, world, own_case):
    for url in ["/projects/workbench/", "/projects/cases/new/", f"/projects/cases/{own_case.pk}/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_first_contact_to_closure_through_the_pages(client, world):
    agent = world.users["agent1"]
    client.force_login(agent)
    today = timezone.localdate().isoformat()
    zone = ZoneFactory()
    response = client.post(
        "/projects/cases/new/",
        {
            "enterprise_name": "盐城新设科技有限公司",
            "zone": zone.pk,
            "industry": "C",
            "channel": "visit",
            "on": today,
            "summary": "新设企业，需办理注册开业与施工许可",
            "contact_name": "李总",
            "contact_phone": "13800001111",
        },
    )
    case = ProxyCase.objects.get(enterprise__name="盐城新设科技有限公司")
    assert response.status_code == 302 and response["Location"] == f"/projects/cases/{case.pk}/"
    assert case.agent == agent.agent_profile and case.enterprise.credit_code is None
    assert case.enterprise.contacts.get().name == "李总"

    approval = ApprovalItemFactory(code="Y-1")
    client.post(f"/projects/cases/{case.pk}/items/", {"items": [approval.pk]})
    item = case.items.get()
    base = f"/projects/cases/{case.pk}/items/{item.pk}"
    client.post(f"{base}/request_correction/", {"on": today, "reason": "法人身份证明缺失"})
    client.post(f"{base}/corrected/", {"on": today})
    client.post(f"{base}/pass_prereview/", {"on": today})
    refused = client.post(f"{base}/submit/", {"on": today}, follow=True)
    assert "尚未签订代办委托书" in refused.content.decode()
    client.post(
        f"/projects/cases/{case.pk}/authorisation/", {"signed_on": today, "signatory": "李总", "scope": "全程代办"}
    )
    client.post(f"{base}/submit/", {"on": today})
    client.post(f"{base}/accept/", {"on": today, "acceptance_no": "SL-001"})
    client.post(f"{base}/start_review/", {"on": today})
    client.post(f"{base}/approve/", {"on": today, "decision_no": "许可〔2026〕1号"})
    bad = client.post(f"{base}/deliver/", {"on": today, "method": "express", "trips": "0"}, follow=True)
    assert "快递公司和快递单号" in bad.content.decode()
    client.post(
        f"{base}/deliver/",
        {"on": today, "method": "express", "trips": "0", "carrier": "EMS", "tracking_no": "1234567890"},
    )
    item.refresh_from_db()
    assert (item.state, item.tracking_no, item.trips) == (ItemState.DELIVERED, "1234567890", 0)
    client.post(f"/projects/cases/{case.pk}/close/")
    case.refresh_from_db()
    assert case.state == "closed"
    page = client.get(f"/projects/cases/{case.pk}/").content.decode()
    for label in ["首次接洽，建立案件", "预审要求补正", "签订代办委托书", "部门受理", "送达", "案件办结"]:
        assert label in page


def test_illegal_action_from_the_page_lists_allowed(client, world, own_case):
    client.force_login(world.users["agent1"])
    item = own_case.items.get()
    page = client.post(
        f"/projects/cases/{own_case.pk}/items/{item.pk}/approve/", {"on": "2026-03-03", "decision_no": "X"}, follow=True
    )
    text = page.content.decode()
    assert "不能执行“准予许可”" in text and "预审通过" in text


def test_supervisor_reassigns_from_the_page(client, world, own_case):
    colleague = ProxyAgentFactory(centre=own_case.agent.centre)
    client.force_login(world.users["supervisor"])
    client.post(f"/projects/cases/{own_case.pk}/reassign/", {"to": colleague.pk, "reason": "负载均衡"})
    own_case.refresh_from_db()
    assert own_case.agent == colleague
    client.force_login(world.users["agent1"])
    assert client.get(f"/projects/cases/{own_case.pk}/").status_code == 200  # read-only: his history too
    assert client.post(f"/projects/cases/{own_case.pk}/reassign/", {"to": colleague.pk, "reason": "x"}).status_code in (
        403,
        404,
    )


def test_the_agent_who_handed_a_case_over_reads_it_and_acts_on_nothing(client, world, own_case):
    colleague = ProxyAgentFactory(centre=own_case.agent.centre)
    item = own_case.items.get()
    case_project_link(case=own_case, project=world.own_project, by=world.users["agent1"])
    client.force_login(world.users["supervisor"])
    page = client.get(f"/projects/cases/{own_case.pk}/").content.decode()
    # The reassignment offers each agent with the load they carry now.
    assert f"{colleague}（在办案件 0 件 · 未办结办件 0 件）" in page
    assert "（在办案件 1 件 · 未办结办件 1 件）" not in page  # the case's own agent is not offered
    client.post(f"/projects/cases/{own_case.pk}/reassign/", {"to": colleague.pk, "reason": "负载均衡"})

    client.force_login(world.users["agent1"])
    page = client.get(f"/projects/cases/{own_case.pk}/").content.decode()
    assert 'data-testid="handed-over"' in page and "负载均衡" in page and str(colleague) in page
    assert 'data-testid="timeline"' in page and "改派案件" in page and "首次接洽，建立案件" in page
    base = f"/projects/cases/{own_case.pk}"
    assert "data-action=" not in page and f'action="{base}/' not in page  # no form to act with
    # Every link the page offers opens (the project itself is named, not linked: it is no longer his).
    assert world.own_project.name in page
    for href in sorted(set(re.findall(r'href="(/[^"#]*)"', page))):
        assert client.get(href).status_code != 404, href
    for url, data in [
        (f"{base}/items/{item.pk}/pass_prereview/", {"on": "2026-03-03"}),
        (f"{base}/contacts/", {"channel": "phone", "on": "2026-03-03", "summary": "再次联系"}),
        (f"{base}/commitments/", {"content": "x", "working_days": 3, "on": "2026-03-03"}),
        (f"{base}/messages/", {"body": "我还在跟进"}),
        (f"{base}/close/", {}),
    ]:
        assert client.post(url, data).status_code == 403, url
    item.refresh_from_db()
    assert item.state == ItemState.PREPARING and not own_case.messages.exists()
    # A colleague of another centre, and the enterprise, see nothing new.
    client.force_login(world.users["agent2"])
    assert client.get(f"{base}/").status_code == 404


def test_workbench_search_filters_and_urgency(client, world, own_case):
    agent = world.users["agent1"]
    client.force_login(agent)
    other = case_open(
        enterprise=EnterpriseFactory(name="盐城另一家有限公司"),
        agent=agent.agent_profile,
        channel="online",
        summary="咨询",
        by=agent,
        on=dt.date(2026, 3, 2),
    )
    case_items_choose(case=other, approval_items=[ApprovalItemFactory(code="Z-9")], by=agent)

    def items_table(**params) -> str:
        page = client.get("/projects/workbench/", params).content.decode()
        return page.split('data-testid="workbench-items"')[1].split("</table>")[0]

    assert own_case.number in items_table() and other.number in items_table()
    assert other.number in items_table(q="另一家") and own_case.number not in items_table(q="另一家")
    by_code = items_table(q=own_case.enterprise.credit_code)
    assert own_case.number in by_code and other.number not in by_code
    assert own_case.number not in items_table(state="submitted")


def test_workbench_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    agent = world.users["agent1"]
    client.force_login(agent)
    counts = []
    for n in (2, 20):
        for i in range(n):
            case = case_open(
                enterprise=EnterpriseFactory(),
                agent=agent.agent_profile,
                channel="phone",
                summary="咨询",
                by=agent,
                on=dt.date(2026, 3, 2),
            )
            case_items_choose(case=case, approval_items=[ApprovalItemFactory(code=f"W-{n}-{i}")], by=agent)
        with django_assert_max_num_queries(100) as captured:
            assert client.get("/projects/workbench/").status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_supervisor_workbench_shows_the_centre(client, world, own_case):
    client.force_login(world.users["supervisor"])
    assert own_case.number in client.get("/projects/workbench/").content.decode()
    client.force_login(world.users["supervisor_b"])
    assert own_case.number not in client.get("/projects/workbench/").content.decode()


def test_other_roles_cannot_open_the_workbench(client, world):
    for username in ("enterprise1", "zone_a", "editor", "nobody"):
        client.force_login(world.users[username])
        assert client.get("/projects/workbench/").status_code == 403
        assert client.get("/projects/cases/new/").status_code == 403
    UserFactory(roles=[Role.AGENT])  # an agent without a profile cannot record contacts


def test_supervisor_attention_follows_the_one_warning_rule(client, world, settings):
    """An item warned by a share of its limit (20 % of 30 days: 6 working days)
    is on the centre's list with 5 left, as its badge says: no fixed two days."""
    settings.SUPERVISION_WARNING_SHARE = 0.2
    agent = world.users["agent1"]
    accepted = workdays_add(timezone.localdate(), -25).date  # 30 committed days: 5 left today
    case = case_open(
        enterprise=world.own_project.enterprise,
        agent=agent.agent_profile,
        channel="phone",
        summary="咨询",
        by=agent,
        on=accepted,
    )
    (item,) = case_items_choose(
        case=case, approval_items=[ApprovalItemFactory(code="W-1", committed_days=30)], by=agent
    )
    case_authorise(case=case, signed_on=accepted, signatory="王总", scope="代办", by=agent)
    for action, fields in [("pass_prereview", {}), ("submit", {}), ("accept", {"acceptance_no": "SL-W"})]:
        item_action_perform(item=item, action=action, on=accepted, by=agent, **fields)
    client.force_login(world.users["supervisor"])
    page = client.get("/projects/centre/").content.decode()
    attention = page.split('data-testid="items-attention"')[1].split("</table>")[0]
    assert case.number in attention and 'data-level="warning"' in attention


def test_supervisor_sees_overdue_items_and_workload_of_the_centre(client, world, own_case):
    agent = world.users["agent1"]
    item = own_case.items.get()
    case_authorise(case=own_case, signed_on=dt.date(2026, 3, 2), signatory="王总", scope="代办", by=agent)
    for action, fields in [("pass_prereview", {}), ("submit", {}), ("accept", {"acceptance_no": "SL-9"})]:
        item_action_perform(item=item, action=action, on=dt.date(2026, 3, 2), by=agent, **fields)
    client.force_login(world.users["supervisor"])
    page = client.get("/projects/centre/").content.decode()
    attention = page.split('data-testid="items-attention"')[1].split("</table>")[0]
    assert own_case.number in attention and 'data-level="overdue"' in attention
    workload = page.split('data-testid="workload"')[1].split("</table>")[0]
    assert '<td class="bad">1</td>' in workload
    client.force_login(world.users["supervisor_b"])
    page = client.get("/projects/centre/").content.decode()
    assert own_case.number not in page.split('data-testid="items-attention"')[1].split("</table>")[0]


# --- a page that explains itself: disabled with a reason, confirm what cannot be undone ---------


def test_an_action_not_possible_now_is_shown_disabled_with_the_services_reason(client, world, own_case):
    agent = world.users["agent1"]
    item = own_case.items.get()
    item_action_perform(item=item, action="pass_prereview", by=agent)
    client.force_login(agent)
    page = client.get(f"/projects/cases/{own_case.pk}/").content.decode()
    # The case is not authorised: 提交申请 is there, disabled, with the sentence the service refuses with.
    assert '<div class="action-off" data-action="submit"' in page
    assert "尚未签订代办委托书，不能代为提交申请" in page
    assert 'data-action="submit" method="post"' not in page and f"/items/{item.pk}/submit/" not in page
    refused = client.post(f"/projects/cases/{own_case.pk}/items/{item.pk}/submit/", {"on": "2026-03-03"}, follow=True)
    assert "尚未签订代办委托书，不能代为提交申请" in refused.content.decode()


def test_decisions_and_closing_ask_to_confirm_and_say_what_follows(client, world, own_case):
    agent = world.users["agent1"]
    item = own_case.items.get()
    case_authorise(case=own_case, signed_on=dt.date(2026, 3, 2), signatory="李总", scope="全程代办", by=agent)
    for action, fields in [
        ("pass_prereview", {}),
        ("submit", {}),
        ("accept", {"acceptance_no": "SL-1"}),
        ("start_review", {}),
    ]:
        item_action_perform(item=item, action=action, by=agent, **fields)
    client.force_login(agent)
    page = client.get(f"/projects/cases/{own_case.pk}/").content.decode()
    assert '<summary class="btn-approve">准予许可…</summary>' in page
    assert '<summary class="btn-reject">不予许可…</summary>' in page
    assert "准予许可后不能撤销" in page and "不予许可后不能撤销" in page
    # Not closable yet: the button is there, disabled, naming the open item.
    assert 'data-testid="close-off"' in page and "还有未送达的办件，不能办结" in page


def test_a_refused_project_form_keeps_its_input_with_each_message_beside_its_field(client, world, own_case):
    client.force_login(world.users["agent1"])
    typed = {
        "code": "2026-32-bad",
        "name": "年产五万吨新材料项目",
        "zone": world.own_project.zone_id,
        "location": "盐都区新材料产业园",
        "industry": "C",
        "project_type": "industrial",
        "investment_amount": "3850",
        "land_area": "-5",
    }
    page = client.post(f"/projects/cases/{own_case.pk}/project/", typed, follow=True).content.decode()
    assert "<details open><summary>登记新项目</summary>" in page
    for value in ("2026-32-bad", "年产五万吨新材料项目", "盐都区新材料产业园", "3850"):
        assert f'value="{value}"' in page
    # The message names the field once, and sits beside it too.
    assert "投资项目代码投资项目代码" not in page and "投资项目代码：投资项目代码" not in page
    assert page.count("投资项目代码格式应为") == 2


# --- the item picker ------------------------------------------------------------------------


@pytest.fixture
def catalogue(world, own_case):
    """Departments whose items fall at several stages; the case's project is industrial."""
    own_case.project = world.own_project
    own_case.save(update_fields=["project"])
    world.own_project.project_type = "industrial"
    world.own_project.save(update_fields=["project_type"])
    housing, planning = DepartmentFactory(name="住房和城乡建设局"), DepartmentFactory(name="自然资源和规划局")
    return {
        "permit": ApprovalItemFactory(
            name="建筑工程施工许可证核发",
            department=housing,
            stage=70,
            project_types=["industrial"],
            committed_days=3,
            statutory_days=7,
            notification_commitment=True,
        ),
        "planning": ApprovalItemFactory(
            name="建设工程规划许可证核发", department=planning, stage=40, project_types=["industrial"]
        ),
        "housing_early": ApprovalItemFactory(
            name="商品房预售许可", department=housing, stage=80, project_types=["real_estate"]
        ),
        "filing": ApprovalItemFactory(
            name="企业投资项目备案", stage=20, kind="immediate", committed_days=0, statutory_days=0
        ),
    }


def test_the_picker_groups_by_department_in_process_order_with_limits_and_preselects(client, world, catalogue):
    from projects.cases.selectors import item_picker

    case = ProxyCase.objects.get(agent__user=world.users["agent1"])
    groups = item_picker(case)
    names = [[i.name for i in g.items] for g in groups]
    # Departments come where their first item does in the process: 立项 → 规划 → 施工 (and its 竣工 item).
    order = [n for n in names if set(n) & {"企业投资项目备案", "建设工程规划许可证核发", "建筑工程施工许可证核发"}]
    assert order == [["企业投资项目备案"], ["建设工程规划许可证核发"], ["建筑工程施工许可证核发", "商品房预售许可"]]
    suggested = {i.name for g in groups for i in g.items if i.suggested}
    assert suggested == {"建设工程规划许可证核发", "建筑工程施工许可证核发"}  # industrial; not the real-estate one
    client.force_login(world.users["agent1"])
    page = client.get(f"/projects/cases/{case.pk}/").content.decode()
    assert "承诺 3 个工作日 · 法定 7 个工作日" in page and "即办件，当场办结" in page
    assert "可实行告知承诺制：按告知承诺办理" in page
    assert f'name="items" value="{catalogue["permit"].pk}" checked' in page
    assert f'name="items" value="{catalogue["housing_early"].pk}">' in page  # not pre-selected
    assert "建设工程规划许可证核发 → 建筑工程施工许可证核发" in page  # the suggestion, in process order
    # The search (without JavaScript: the query string) keeps what matches, by name or department.
    found = client.get(f"/projects/cases/{case.pk}/", {"q": "住房"}).content.decode()
    assert "商品房预售许可" in found and "建设工程规划许可证核发</span>" not in found
    assert (
        "没有名称、编码或部门含“无此事项”"
        in client.get(f"/projects/cases/{case.pk}/", {"q": "无此事项"}).content.decode()
    )
    assert client.get(f"/projects/cases/{case.pk}/", {"q": "x" * 101}).status_code == 400


def test_a_bundle_is_offered_with_what_it_contains_and_adds_it(client, world, catalogue):
    from projects.models import ItemBundle

    case = ProxyCase.objects.get(agent__user=world.users["agent1"])
    bundle = ItemBundle.objects.create(name="工业项目施工许可一件事", description="规划、施工许可一次办")
    bundle.items.set([catalogue["permit"], catalogue["planning"]])
    client.force_login(world.users["agent1"])
    page = client.get(f"/projects/cases/{case.pk}/").content.decode()
    assert "工业项目施工许可一件事" in page and "包含：建设工程规划许可证核发、建筑工程施工许可证核发" in page
    client.post(f"/projects/cases/{case.pk}/items/", {"bundle": bundle.pk, "by_commitment": [catalogue["permit"].pk]})
    added = dict(case.items.values_list("approval_item__name", "by_commitment"))
    assert added == {"事项X-1": False, "建设工程规划许可证核发": False, "建筑工程施工许可证核发": True}
