"""The demo's submissions, played through the services on a case of the factories."""

from io import BytesIO

import pytest
from django.utils import timezone

from crm.uploads import detect_kind
from projects.cases.services import case_items_choose, case_open, item_request_correction
from projects.models import EnterpriseMaterial, Material, MaterialRequirement, SubmissionState
from projects.notice.services import notice_issue
from projects.portal.submissions.demo import ASKED_AGAIN, CORRECTED_ITEM, ENTERPRISE, demo_pdf, submissions_demo
from tests.factories import MON, ApprovalItemFactory

pytestmark = pytest.mark.django_db


def test_the_demo_pdf_is_a_pdf():
    content = demo_pdf("Scan")
    assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(b"%%EOF")
    assert detect_kind(BytesIO(content)).code == "pdf"


def test_the_demo_plays_one_accepted_one_asked_again_and_one_correction_waiting(world):
    agent, enterprise = world.users["agent1"], world.own_project.enterprise
    enterprise.name = ENTERPRISE
    enterprise.save(update_fields=["name"])
    approval_item = ApprovalItemFactory(code=CORRECTED_ITEM, name="特殊建设工程消防设计审查")
    materials = [Material.objects.create(name=name) for name in ("消防设计文件", "营业执照", "建设工程规划许可证")]
    for order, material in enumerate(materials, start=1):
        MaterialRequirement.objects.create(item=approval_item, material=material, order=order)
    case = case_open(
        enterprise=enterprise, agent=agent.agent_profile, channel="visit", summary="消防", by=agent, on=MON
    )
    (item,) = case_items_choose(case=case, approval_items=[approval_item], by=agent)
    notice_issue(case=case, by=agent, on=MON)
    item_request_correction(item=item, reason="缺防火分区示意图", materials=materials[:1], by=agent, on=MON)

    assert submissions_demo(timezone.localdate()) == 3

    submissions = list(case.submissions.select_related("material"))
    waiting = [s for s in submissions if s.pause_id is not None]
    assert [(s.material.name, s.state) for s in waiting] == [("消防设计文件", SubmissionState.PENDING)]
    for_notice = {s.state: s for s in submissions if s.pause_id is None}
    assert set(for_notice) == {SubmissionState.ACCEPTED, SubmissionState.RESUBMIT}
    assert for_notice[SubmissionState.RESUBMIT].review_reason == ASKED_AGAIN
    held = EnterpriseMaterial.objects.get(enterprise=enterprise)
    assert held.material == for_notice[SubmissionState.ACCEPTED].material and held.file
    assert submissions_demo(timezone.localdate()) == 0
