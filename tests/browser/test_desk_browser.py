"""The agent's desk explains itself, on a phone (360 px): an action not possible now is
shown disabled with the service's reason; what cannot be undone (the one-time notice, a
decision, closing) asks first and says what follows; a refused project form keeps what
was typed, each message beside its field; the item picker groups the catalogue by
department in process order, searches, pre-selects and offers bundles with what they
hold; an agent who handed a case over still reads it, and acts on nothing."""

import pytest
from django.core.management import call_command

from projects.models import ItemState, ProjectItem, ProxyCase
from tests.browser.conftest import item_act, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
REGISTRATION, SEAL, TAX = "320903-XK-0101", "320903-QT-0101", "320903-GG-0101"


@pytest.fixture
def demo(transactional_db):
    call_command("demo", verbosity=0)


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _visible_items(page) -> list[str]:
    return page.eval_on_selector_all(
        "[data-picker-item]", "items => items.filter(i => i.offsetParent !== null).map(i => i.dataset.code)"
    )


def test_picker_search_bundle_then_a_disabled_step_and_the_notice_confirmed(page, demo):
    case = ProxyCase.objects.get(agent__user__username="agent1", state="intake", enterprise__credit_code=None)
    page.set_viewport_size(PHONE)
    sign_in(page, "agent1")
    page.goto(f"/projects/cases/{case.pk}/")

    picker = page.get_by_test_id("picker")
    # A new enterprise: what opening it needs is pre-selected, and said in process order.
    assert "设立中的企业通常需要以下事项" in page.get_by_test_id("picker-suggested").inner_text()
    for code in (REGISTRATION, SEAL, TAX):
        assert picker.locator(f"[data-code='{code}'] input[name=items]").is_checked()
    assert "承诺 1 个工作日 · 法定 3 个工作日" in picker.locator(f"[data-code='{REGISTRATION}']").inner_text()
    legends = picker.locator("legend").all_inner_texts()
    assert (
        legends.index("盐都区市场监督管理局")
        < legends.index("盐都区发展和改革委员会")
        < legends.index("盐都区住房和城乡建设局")
    )  # 设立登记 → 立项 → 施工
    # The search narrows the list as one types; a department left empty disappears.
    page.fill("[data-picker-search]", "公章")
    assert _visible_items(page) == [SEAL]
    assert picker.locator("fieldset[data-picker-group]:visible").count() == 1
    page.fill("[data-picker-search]", "没有这个事项")
    assert page.locator("[data-picker-none]").is_visible()
    page.fill("[data-picker-search]", "")
    assert len(_visible_items(page)) > 20
    # A bundle says what it holds; choosing it adds its items with the ticked ones.
    bundle = page.get_by_test_id("bundles").locator("label", has_text="竣工投产一件事")
    assert "包含：" in bundle.inner_text() and "消防安全检查" in bundle.inner_text()
    bundle.locator("input").check()
    assert _fits(page)
    page.get_by_test_id("choose-items").locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "已添加 5 个事项" in page.locator(".messages").inner_text()

    # Past pre-review, 提交申请 stays in view, disabled, with the service's reason beside it.
    item_act(page, REGISTRATION, "pass_prereview")
    off = page.locator(f"tr[data-item='{REGISTRATION}'] [data-action=submit]")
    assert off.locator("button").is_disabled()
    assert "尚未签订代办委托书，不能代为提交申请" in off.inner_text()
    assert _fits(page)

    # Issuing the notice happens once: it asks first and says what follows.
    page.goto(f"/projects/cases/{case.pk}/notice/")
    confirm = page.get_by_test_id("issue-notice")
    assert not confirm.is_visible()
    page.get_by_test_id("issue-notice-form").locator("summary").click()
    assert "不能撤回或修改" in page.get_by_test_id("issue-notice-form").inner_text()
    assert _fits(page)
    confirm.click()
    page.wait_for_load_state("networkidle")
    assert case.notices.count() == 1


def test_a_refused_project_form_keeps_every_field_with_the_message_beside_it(page, demo):
    case = ProxyCase.objects.get(agent__user__username="agent1", state="intake", enterprise__credit_code=None)
    page.set_viewport_size(PHONE)
    sign_in(page, "agent1")
    page.goto(f"/projects/cases/{case.pk}/")
    form = page.get_by_test_id("capture-project")
    page.locator("summary", has_text="登记新项目").click()
    typed = {
        "code": "2026-3209-01",
        "name": "年产十万吨新型建材项目",
        "location": "盐都区新材料产业园纬二路",
        "investment_amount": "3850",
        "land_area": "52000",
    }
    for name, value in typed.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("[name=industry]").select_option("C")
    form.locator("[name=project_type]").select_option("industrial")
    form.locator("[name=zone]").select_option(index=1)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    form = page.get_by_test_id("capture-project")
    assert form.is_visible()  # the form is open again, not folded away
    for name, value in typed.items():
        assert form.locator(f"[name={name}]").input_value() == value, name
    assert form.locator("[name=project_type]").input_value() == "industrial"
    beside = form.locator("tr", has=page.locator("[name=code]")).inner_text()
    assert "投资项目代码格式应为" in beside
    assert "投资项目代码投资项目代码" not in page.locator(".messages").inner_text()
    assert not case.project and _fits(page)


def test_decisions_look_apart_and_a_handed_over_case_stays_readable(page, demo):
    item = ProjectItem.objects.select_related("case").get(
        case__agent__user__username="agent1", state=ItemState.IN_REVIEW, approval_item__code="320903-XK-0701"
    )
    case = item.case
    page.set_viewport_size(PHONE)
    sign_in(page, "agent1")
    page.goto(f"/projects/cases/{case.pk}/")
    row = page.locator(f"tr[data-item='{item.approval_item.code}']")
    approve = row.locator("form[data-action=approve] summary")
    reject = row.locator("form[data-action=reject] summary")
    colour = "e => getComputedStyle(e).backgroundColor"
    assert approve.evaluate(colour) != reject.evaluate(colour)
    approve.click()
    assert "准予许可后不能撤销" in row.locator("form[data-action=approve]").inner_text()
    item_act(page, item.approval_item.code, "approve", decision_no="建字第2026-0099号")
    item.refresh_from_db()
    assert item.state == ItemState.APPROVED

    page.context.clear_cookies()
    sign_in(page, "supervisor")
    page.goto(f"/projects/cases/{case.pk}/")
    load = page.get_by_test_id("reassign-load")
    assert "在办案件" in load.inner_text() and "未办结办件" in load.inner_text()
    load.locator("input[type=radio]").first.check()
    page.get_by_test_id("reassign").locator("[name=reason]").fill("张振华外出培训两周")
    page.get_by_test_id("reassign").locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    case.refresh_from_db()
    assert case.agent.user.username != "agent1"

    page.context.clear_cookies()
    sign_in(page, "agent1")
    page.goto(f"/projects/cases/{case.pk}/")
    banner = page.get_by_test_id("handed-over").inner_text()
    assert "本案件已改派给" in banner and "张振华外出培训两周" in banner and "不能再办理" in banner
    timeline = page.get_by_test_id("timeline").inner_text()
    assert "改派案件" in timeline and "准予许可" in timeline
    assert page.locator("main form[method=post]").count() == 0
    assert _fits(page)
