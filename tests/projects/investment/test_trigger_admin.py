"""The admin shows which events start and finish each milestone, lets an administrator
change them (audited), and refuses a rule that cannot work."""

import pytest
from django.urls import reverse

from crm.audit.models import AuditEntry
from projects.models import MilestoneDefinition, MilestoneTrigger
from projects.seed import milestone_triggers_seed
from tests.factories import ApprovalItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, world):
    ApprovalItemFactory(name="企业设立登记", committed_days=1)
    milestone_triggers_seed()
    client.force_login(world.users["admin"])
    return client


def _post_data(definition: MilestoneDefinition, triggers: list[dict]) -> dict:
    data = {
        "code": definition.code,
        "name": definition.name,
        "target_working_days": definition.target_working_days,
        "early_warning_days": definition.early_warning_days,
        "order": definition.order,
        "is_active": "on",
        "new_enterprise_only": "on" if definition.new_enterprise_only else "",
        "description": definition.description,
        "triggers-TOTAL_FORMS": len(triggers),
        "triggers-INITIAL_FORMS": sum(1 for t in triggers if t.get("id")),
        "triggers-MIN_NUM_FORMS": 0,
        "triggers-MAX_NUM_FORMS": 1000,
    }
    for i, trigger in enumerate(triggers):
        for key, value in trigger.items():
            data[f"triggers-{i}-{key}"] = value
        data[f"triggers-{i}-definition"] = definition.pk
    return data


def _existing(definition) -> list[dict]:
    return [
        {"id": t.pk, "move": t.move, "event": t.event, "approval_item": t.approval_item_id or ""}
        for t in definition.triggers.order_by("pk")
    ]


def test_the_list_and_the_page_name_the_starting_and_finishing_events(admin_client):
    listing = admin_client.get(reverse("admin:projects_milestonedefinition_changelist")).content.decode()
    assert "企业设立登记申请受理；企业设立登记（事项受理）" in listing
    assert "施工图审查合格" in listing
    registration = MilestoneDefinition.objects.get(code="registration")
    page = admin_client.get(reverse("admin:projects_milestonedefinition_change", args=[registration.pk]))
    assert page.status_code == 200
    assert "里程碑起止事件" in page.content.decode()


def test_an_added_trigger_is_audited(admin_client):
    definition = MilestoneDefinition.objects.get(code="drawing_review")
    rows = [*_existing(definition), {"move": "finish", "event": "joint_acceptance_passed", "approval_item": ""}]
    response = admin_client.post(
        reverse("admin:projects_milestonedefinition_change", args=[definition.pk]), _post_data(definition, rows)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    added = MilestoneTrigger.objects.get(definition=definition, event="joint_acceptance_passed")
    entry = AuditEntry.objects.get(event="milestonetrigger.added", subject_id=str(added.pk))
    assert entry.after["event"] == "joint_acceptance_passed"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"move": "finish", "event": "drawings_accepted", "approval_item": ""}, "同一事件不能既开始又完成同一个里程碑"),
        ({"move": "finish", "event": "item_approved", "approval_item": ""}, "该事件须指定审批事项"),
    ],
)
def test_a_rule_that_cannot_work_is_refused(admin_client, extra, message):
    definition = MilestoneDefinition.objects.get(code="drawing_review")
    before = MilestoneTrigger.objects.count()
    response = admin_client.post(
        reverse("admin:projects_milestonedefinition_change", args=[definition.pk]),
        _post_data(definition, [*_existing(definition), extra]),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert MilestoneTrigger.objects.count() == before


def test_an_active_milestone_needs_a_start_and_a_finish(admin_client):
    definition = MilestoneDefinition.objects.get(code="drawing_review")
    rows = [{**row, "DELETE": "on"} if row["move"] == "finish" else row for row in _existing(definition)]
    response = admin_client.post(
        reverse("admin:projects_milestonedefinition_change", args=[definition.pk]), _post_data(definition, rows)
    )
    assert response.status_code == 200
    assert "启用的里程碑至少需要一个完成事件" in response.content.decode()
