"""Catalogue and project invariants: in the model's clean() (what forms show) and in
the database (what nothing can bypass)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from projects.models import ApprovalItem, ItemKind, MilestoneDefinition, OnlineLevel, ProcessStep
from tests.factories import DepartmentFactory, EnterpriseFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def make_item(**overrides) -> ApprovalItem:
    fields = {
        "code": "320903-XK-TEST",
        "name": "建筑工程施工许可证核发",
        "department": DepartmentFactory(),
        "legal_basis": "《中华人民共和国建筑法》第七条",
        "kind": ItemKind.COMMITTED,
        "statutory_days": 15,
        "committed_days": 7,
        "fee": Decimal(0),
        "online_level": OnlineLevel.FULLY_ONLINE,
    }
    fields.update(overrides)
    return ApprovalItem(**fields)


def test_committed_at_most_half_statutory_in_clean():
    item = make_item(statutory_days=15, committed_days=8)
    with pytest.raises(ValidationError) as caught:
        item.full_clean()
    assert "committed_days" in caught.value.message_dict
    assert "7" in caught.value.message_dict["committed_days"][0]  # says the limit


def test_committed_at_most_half_statutory_in_database():
    item = make_item(statutory_days=15, committed_days=8)
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()


def test_exactly_half_rounded_down_is_allowed():
    make_item(statutory_days=15, committed_days=7).full_clean()
    make_item(statutory_days=20, committed_days=10).full_clean()


def test_immediate_item_is_same_day():
    make_item(kind=ItemKind.IMMEDIATE, statutory_days=0, committed_days=0).full_clean()
    with pytest.raises(ValidationError):
        make_item(kind=ItemKind.IMMEDIATE, statutory_days=10, committed_days=1).full_clean()
    with pytest.raises(ValidationError):
        make_item(kind=ItemKind.COMMITTED, statutory_days=10, committed_days=0).full_clean()


def test_at_most_four_process_steps():
    item = make_item()
    item.save()
    for order, name in enumerate(["受理", "审查", "决定", "送达"], start=1):
        ProcessStep.objects.create(item=item, order=order, name=name)
    fifth = ProcessStep(item=item, order=5, name="归档")
    with pytest.raises(ValidationError):
        fifth.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        fifth.save()


def test_enterprise_credit_code_validated_and_optional_while_registering():
    enterprise = EnterpriseFactory.build(zone=EnterpriseFactory().zone, credit_code="91350100M000100Y44")
    with pytest.raises(ValidationError) as caught:
        enterprise.full_clean()
    assert "credit_code" in caught.value.message_dict
    enterprise.credit_code = ""
    enterprise.full_clean()
    assert enterprise.credit_code is None


def test_project_code_shape_validated_and_stored_verbatim():
    project = ProjectFactory(code="2024-3209ab-04-01-123456")
    project.full_clean()
    project.refresh_from_db()
    assert project.code == "2024-3209ab-04-01-123456"
    project.code = "2024-320903-04-01"
    with pytest.raises(ValidationError):
        project.full_clean()


def test_milestone_definitions_are_seeded_with_3550_targets():
    targets = dict(MilestoneDefinition.objects.values_list("code", "target_working_days"))
    assert targets == {
        "registration": 3,
        "property_title": 5,
        "drawing_review": 7,
        "assessments": 40,
        "construction_permit": 50,
    }


def test_milestones_created_per_project_type():
    industrial = ProjectFactory(project_type="industrial")
    commercial = ProjectFactory(project_type="commercial")
    assert set(industrial.milestones.values_list("definition__code", flat=True)) == {
        "property_title",
        "drawing_review",
        "assessments",
        "construction_permit",
    }
    assert set(commercial.milestones.values_list("definition__code", flat=True)) == {"property_title"}
