"""A case whose notice lists two materials, for the submission tests."""

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from projects.cases.services import case_items_choose, case_open
from projects.models import Material, MaterialRequirement
from projects.notice.services import notice_issue
from tests.factories import MON, ApprovalItemFactory, EnterpriseContactFactory

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 120


def pdf(name: str = "营业执照扫描件.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def submission_case(world) -> SimpleNamespace:
    """agent1's case for enterprise1: one item needing a licence and a site plan, its
    notice issued; a second contact of another enterprise."""
    agent, contact = world.users["agent1"], world.users["enterprise1"]
    licence = Material.objects.create(name="营业执照副本")
    plan = Material.objects.create(name="建设项目总平面图")
    other = Material.objects.create(name="环境影响报告表")
    approval_item = ApprovalItemFactory(code="SUB-1", name="建设工程规划许可证核发")
    for order, material in enumerate((licence, plan), start=1):
        MaterialRequirement.objects.create(item=approval_item, material=material, order=order)
    case = case_open(
        enterprise=world.own_project.enterprise,
        agent=agent.agent_profile,
        channel="phone",
        summary="新建厂房",
        by=agent,
        on=MON,
    )
    (item,) = case_items_choose(case=case, approval_items=[approval_item], by=agent)
    notice_issue(case=case, by=agent, on=MON)
    stranger = EnterpriseContactFactory(enterprise=world.other_project.enterprise, user__username="enterprise2").user
    return SimpleNamespace(
        agent=agent, contact=contact, stranger=stranger, case=case, item=item, licence=licence, plan=plan, other=other
    )
