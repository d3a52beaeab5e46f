"""Item transitions through the API: every action dispatches to its service, refusals
carry the service's code and sentence, races are told apart from illegal moves."""

import datetime as dt

import pytest

from crm.calendar.workdays import workdays_add
from projects.api.transitions import ACTION_SERIALIZERS
from projects.cases.actions import ITEM_ACTIONS
from projects.cases.services import (
    case_authorise,
    case_items_choose,
    item_pass_prereview,
    item_request_correction,
)
from projects.models import ItemState, Material, MaterialRequirement, ProjectItem
from tests.factories import MON, ApprovalItemFactory

pytestmark = pytest.mark.django_db


def move(api, item, **body):
    return api.post(f"/api/v1/items/{item.pk}/transitions/", body)


def available(api, item) -> list[str]:
    return [row["action"] for row in api.get(f"/api/v1/items/{item.pk}/transitions/").json()]


def test_every_transition_of_the_item_machine_has_an_action():
    field = ProjectItem._meta.get_field("state")
    # every transition is an action; "verify" is the one action that is not a transition
    assert {t.name for t in field.get_all_transitions(ProjectItem)} | {"verify"} == set(ITEM_ACTIONS)
    assert set(ACTION_SERIALIZERS) == set(ITEM_ACTIONS)


@pytest.mark.parametrize("name", list(ITEM_ACTIONS))
def test_each_body_carries_what_the_service_table_says(name):
    common = {"action", "on", "expected_state"}
    fields = ACTION_SERIALIZERS[name]().fields.values()
    assert {field.source for field in fields} - common == set(ITEM_ACTIONS[name][1])


def test_the_whole_path_to_delivered(api, api_world, agent):
    item, case = api_world.own_item, api_world.own_case

    response = move(api, item, action="request_correction", reason="营业执照副本不清晰", on="2026-03-02")
    assert response.status_code == 200 and response.json()["state"] == "correcting"
    assert available(api, item) == ["corrected"]
    assert move(api, item, action="corrected", on="2026-03-04").json()["state"] == "preparing"
    assert move(api, item, action="pass_prereview", on="2026-03-04").json()["state_label"] == "预审通过"

    # Submitting needs the signed authorisation (recorded on the case page).
    assert available(api, item) == ["request_correction"]
    response = move(api, item, action="submit", on="2026-03-04")
    assert response.status_code == 400
    assert response.json() == {"code": "not_authorised", "detail": "尚未签订代办委托书，不能代为提交申请"}
    case_authorise(case=case, signed_on=dt.date(2026, 3, 4), signatory="张总", scope="规划许可代办", by=agent)
    assert available(api, item) == ["request_correction", "submit"]

    assert move(api, item, action="submit", on="2026-03-05").json()["submitted_on"] == "2026-03-05"
    response = move(api, item, action="accept", on="2026-03-05", acceptance_no="YD-2026-0305-001")
    body = response.json()
    assert (body["state"], body["acceptance_no"]) == ("accepted", "YD-2026-0305-001")
    assert body["due_date"] == workdays_add(dt.date(2026, 3, 5), 10).date.isoformat()
    assert body["due_provisional"] is False
    assert isinstance(body["days_left"], int) and body["level"] in ("normal", "warning", "overdue")

    assert move(api, item, action="start_review", on="2026-03-06").json()["state"] == "in_review"
    response = move(api, item, action="return_for_correction", on="2026-03-09", reason="消防设计专篇需补充")
    assert (response.json()["state"], response.json()["level"]) == ("returned", "paused")
    body = move(api, item, action="resubmit", on="2026-03-12").json()
    assert body["paused_working_days"] == 3
    assert body["due_date"] == workdays_add(dt.date(2026, 3, 5), 13).date.isoformat()
    assert available(api, item) == ["return_for_correction", "approve", "reject"]
    body = move(api, item, action="approve", on="2026-03-16", decision_no="盐都规许〔2026〕12号").json()
    assert (body["state"], body["decision_no"]) == ("approved", "盐都规许〔2026〕12号")

    response = move(api, item, action="deliver", on="2026-03-17", delivery_method="express", trips=0, carrier="EMS")
    assert response.status_code == 400
    assert response.json() == {"code": "tracking_required", "detail": "快递送达须填写快递公司和快递单号"}
    body = move(
        api,
        item,
        action="deliver",
        on="2026-03-17",
        delivery_method="express",
        trips=0,
        carrier="EMS",
        tracking_no="1100123456789",
    ).json()
    assert (body["state"], body["delivery_method"], body["tracking_no"], body["trips"]) == (
        "delivered",
        "express",
        "1100123456789",
        0,
    )
    assert body["days_left"] is None and body["level"] is None
    assert available(api, item) == []

    item.refresh_from_db()
    assert item.state == ItemState.DELIVERED and item.delivered_on == dt.date(2026, 3, 17)
    case_body = api.get(f"/api/v1/cases/{case.pk}/").json()
    assert case_body["authorisation"]["signatory"] == "张总"
    assert [row["state"] for row in case_body["items"]] == ["delivered"]


def test_an_illegal_move_is_a_conflict_that_says_what_is_allowed(api, api_world, agent):
    response = move(api, api_world.own_item, action="accept", acceptance_no="X-1", on="2026-03-02")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "transition_not_allowed"
    assert body["detail"].startswith("当前状态为“材料准备”，不能执行“部门受理”。当前可执行的操作：")
    assert "要求补正" in body["detail"] and "预审通过" in body["detail"]


def test_a_stale_expected_state_is_a_concurrent_change(api, api_world, agent):
    item = api_world.own_item
    item_pass_prereview(item=ProjectItem.objects.get(pk=item.pk), on=MON, by=agent)
    response = move(api, item, action="request_correction", reason="补正", expected_state="preparing", on="2026-03-02")
    assert response.status_code == 409
    assert response.json() == {"code": "concurrent_change", "detail": "该记录已被其他人修改，请刷新页面后重试"}
    item.refresh_from_db()
    assert item.state == ItemState.READY and not item.pauses.exists()
    response = move(api, item, action="request_correction", reason="补正", expected_state="ready", on="2026-03-02")
    assert response.status_code == 200 and response.json()["state"] == "correcting"


def test_a_change_between_read_and_write_is_a_concurrent_change(api, api_world, agent, monkeypatch):
    """Someone moves the item after the API has read it and before the service saves:
    the save finds the state it read gone."""
    from crm import fsm  # audited moves apply transitions here

    item = api_world.own_item
    apply = fsm.transition_apply
    raced = []

    def someone_else_first(instance, name, **kwargs):
        if isinstance(instance, ProjectItem) and not raced:
            raced.append(name)
            item_request_correction(
                item=ProjectItem.objects.get(pk=instance.pk), reason="企业另行补正", on=MON, by=agent
            )
        return apply(instance, name, **kwargs)

    monkeypatch.setattr(fsm, "transition_apply", someone_else_first)
    response = move(api, item, action="pass_prereview", on="2026-03-02")
    assert raced == ["pass_prereview"]
    assert response.status_code == 409
    assert response.json()["code"] == "concurrent_change"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"action": "accept"}, "acceptance_no"),
        ({"action": "reject", "decision_no": "不予〔2026〕1号"}, "note"),
        ({"action": "request_correction"}, "reason"),
        ({"action": "fly"}, "action"),
        ({}, "action"),
        ({"action": "pass_prereview", "on": "明天"}, "on"),
        ({"action": "pass_prereview", "expected_state": "lost"}, "expected_state"),
        ({"action": "deliver", "delivery_method": "pigeon", "trips": 0}, "delivery_method"),
    ],
)
def test_malformed_bodies_name_the_field(api, api_world, agent, body, field):
    response = api.post(f"/api/v1/items/{api_world.own_item.pk}/transitions/", body)
    assert response.status_code == 400
    error = response.json()
    assert error["code"] == "invalid" and field in error["fields"] and error["detail"].startswith(f"{field}：")
    api_world.own_item.refresh_from_db()
    assert api_world.own_item.state == ItemState.PREPARING


def test_a_body_that_is_not_an_object_is_refused(api, api_world, agent):
    response = api.post(f"/api/v1/items/{api_world.own_item.pk}/transitions/", ["pass_prereview"])
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    response = api.post(
        f"/api/v1/items/{api_world.own_item.pk}/transitions/",
        "action=pass_prereview",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 415 and response.json()["code"] == "unsupported_media_type"


def test_dates_in_the_future_are_refused(api, api_world, agent):
    response = move(api, api_world.own_item, action="pass_prereview", on="2999-01-01")
    assert response.status_code == 400
    assert response.json()["code"] == "date_in_future"


def test_a_blank_reason_is_refused_before_the_service(api, api_world, agent):
    response = move(api, api_world.own_item, action="request_correction", reason="   ", on="2026-03-02")
    assert response.status_code == 400
    assert response.json()["fields"]["reason"] == ["该字段不能为空。"]


def test_commitment_item_is_verified_through_the_api(api, api_world, agent):
    committed = ApprovalItemFactory(code="API-C", committed_days=10, notification_commitment=True)
    case = api_world.own_case
    (item,) = case_items_choose(case=case, approval_items=[committed], by_commitment=[committed.pk], by=agent)
    case_authorise(case=case, signed_on=MON, signatory="张总", scope="代办", by=agent)
    for action, extra in [
        ("pass_prereview", {}),
        ("submit", {}),
        ("accept", {"acceptance_no": "A-1"}),
        ("start_review", {}),
        ("approve", {"decision_no": "承诺制〔2026〕1号"}),
    ]:
        assert move(api, item, action=action, on="2026-03-02", **extra).status_code == 200, action
    assert "verify" in available(api, item)
    body = move(api, item, action="verify", on="2026-03-20", note="现场核查属实").json()
    assert body["verified_on"] == "2026-03-20"
    assert "verify" not in available(api, item)
    response = move(api, item, action="verify", on="2026-03-20")
    assert response.status_code == 400 and response.json()["code"] == "already_verified"


def test_reject_needs_a_reason_and_is_final_until_delivered(api, api_world, agent):
    item, case = api_world.own_item, api_world.own_case
    case_authorise(case=case, signed_on=MON, signatory="张总", scope="代办", by=agent)
    for action, extra in [
        ("pass_prereview", {}),
        ("submit", {}),
        ("accept", {"acceptance_no": "A-2"}),
        ("start_review", {}),
    ]:
        move(api, item, action=action, on="2026-03-02", **extra)
    body = move(
        api, item, action="reject", on="2026-03-03", decision_no="不予〔2026〕2号", note="不符合规划条件"
    ).json()
    assert (body["state"], body["decision_note"]) == ("rejected", "不符合规划条件")
    assert available(api, item) == ["deliver"]
    body = move(api, item, action="deliver", on="2026-03-04", delivery_method="agent", trips=1).json()
    assert (body["state"], body["trips"]) == ("delivered", 1)


def test_trips_beyond_one_are_refused_by_the_service(api, api_world, agent):
    item = api_world.own_item
    response = move(api, item, action="deliver", delivery_method="agent", trips=2, on="2026-03-02")
    assert response.status_code == 400
    assert response.json() == {"code": "trips_range", "detail": "企业跑动次数只能为0（零跑动）或1（最多跑一次）"}


def test_a_correction_names_its_materials_by_id(api, api_world, agent):
    item = api_world.own_item
    plan = Material.objects.create(name="建设项目总平面图")
    MaterialRequirement.objects.create(item=item.approval_item, material=plan, order=1)
    for wrong in ({"1": 2}, ["x"], [0], [999_999]):
        response = move(api, item, action="request_correction", reason="比例不符", on="2026-03-02", materials=wrong)
        assert response.status_code == 400 and list(response.json()["fields"]) == ["materials"]
        assert all(isinstance(m, str) for m in response.json()["fields"]["materials"])
    other = Material.objects.create(name="环境影响报告表")
    response = move(api, item, action="request_correction", reason="比例不符", on="2026-03-02", materials=[other.pk])
    assert response.status_code == 400 and response.json()["code"] == "material_not_needed"

    response = move(api, item, action="request_correction", reason="比例不符", on="2026-03-02", materials=[plan.pk])

    assert response.status_code == 200
    assert list(item.pauses.get().requested_materials.all()) == [plan]
