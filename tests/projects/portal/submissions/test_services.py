"""Submissions: the enterprise hands in named materials (a file or a library copy), the
agent accepts (library row) or asks again; each step audited and notified."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from crm.audit.models import AuditEntry
from crm.models import Notification, NotificationKind
from projects.cases.services import item_request_correction
from projects.models import EnterpriseMaterial, MaterialSubmission, SubmissionState
from projects.notice.services import material_on_file_record
from projects.portal.submissions.selectors import case_requests
from projects.portal.submissions.services import submission_accept, submission_ask_again, submission_submit
from tests.factories import MON
from tests.projects.portal.submissions.scenario import EXE, HTML, pdf, submission_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(world):
    return submission_case(world)


def codes(error: ValidationError) -> set[str]:
    return {e.code for e in error.error_list}


def statuses(case) -> dict:
    return {
        (group.pause.pk if group.pause else None, row.material.name): row.status
        for group in case_requests(case, on=timezone.localdate())
        for row in group.rows
    }


def test_upload_for_the_notice_is_pending_audited_and_reminds_the_agent(s):
    submission = submission_submit(case=s.case, material=s.licence, file=pdf(), by=s.contact)

    assert submission.state == SubmissionState.PENDING
    assert submission.file_name == "营业执照扫描件.pdf"
    assert submission.file.name.startswith("private/submissions/") and submission.file.name.endswith(".pdf")
    entry = AuditEntry.objects.get(event="submission.uploaded")
    assert entry.actor == s.contact and entry.subject_id == str(submission.pk)
    assert entry.after["material"] == "营业执照副本"
    reminder = Notification.objects.get(recipient=s.agent)
    assert reminder.kind == NotificationKind.RECEIPT and "营业执照副本" in reminder.title
    assert reminder.url.endswith(f"/cases/{s.case.pk}/#submissions")
    assert statuses(s.case)[(None, "营业执照副本")] == "待代办员审核"
    assert statuses(s.case)[(None, "建设项目总平面图")] == "未提交"


def test_only_the_enterprise_submits_and_only_what_it_is_asked_for(s):
    with pytest.raises(PermissionDenied):
        submission_submit(case=s.case, material=s.licence, file=pdf(), by=s.agent)
    with pytest.raises(PermissionDenied):
        submission_submit(case=s.case, material=s.licence, file=pdf(), by=s.stranger)
    with pytest.raises(ValidationError) as refused:
        submission_submit(case=s.case, material=s.other, file=pdf(), by=s.contact)
    assert codes(refused.value) == {"submission_not_requested"}
    with pytest.raises(ValidationError) as refused:
        submission_submit(case=s.case, material=s.licence, by=s.contact)
    assert codes(refused.value) == {"submission_file_or_copy"}
    assert not MaterialSubmission.objects.exists()
    assert not AuditEntry.objects.filter(event__startswith="submission.").exists()


@pytest.mark.parametrize("content", [HTML, EXE], ids=["html", "exe"])
def test_a_file_named_pdf_is_judged_by_its_content(s, content):
    with pytest.raises(ValidationError) as refused:
        submission_submit(case=s.case, material=s.licence, file=pdf("scan.pdf", content), by=s.contact)
    assert codes(refused.value) == {"file_type"}
    assert not MaterialSubmission.objects.exists()


def test_a_file_over_the_limit_is_refused(s, settings):
    settings.CRM_UPLOAD_MAX_BYTES = 64
    with pytest.raises(ValidationError) as refused:
        submission_submit(case=s.case, material=s.licence, file=pdf(), by=s.contact)
    assert codes(refused.value) == {"file_too_large"}


def test_one_pending_upload_per_material(s):
    submission_submit(case=s.case, material=s.licence, file=pdf(), by=s.contact)
    with pytest.raises(ValidationError) as refused:
        submission_submit(case=s.case, material=s.licence, file=pdf(), by=s.contact)
    assert codes(refused.value) == {"submission_already_pending"}


def test_accept_puts_the_file_into_the_material_library_and_tells_the_enterprise(s):
    submission = submission_submit(case=s.case, material=s.licence, file=pdf(), by=s.contact)

    accepted = submission_accept(submission=submission, by=s.agent)

    assert accepted.state == SubmissionState.ACCEPTED and accepted.reviewed_by == s.agent
    held = EnterpriseMaterial.objects.get(enterprise=s.case.enterprise, material=s.licence)
    assert held.file.name == submission.file.name and held.file_name == "营业执照扫描件.pdf"
    assert held.received_on == timezone.localdate() and s.case.number in held.note
    assert AuditEntry.objects.get(event="submission.accepted").after["library"] is True
    told = Notification.objects.get(recipient=s.contact)
    assert "已收取" in told.title and told.url.endswith(f"/cases/{s.case.pk}/materials/")
    assert statuses(s.case)[(None, "营业执照副本")] == "已收取"
    with pytest.raises(ValidationError) as refused:
        submission_accept(submission=submission, by=s.agent)
    assert codes(refused.value) == {"submission_not_pending"}
    with pytest.raises(ValidationError) as refused:
        submission_submit(case=s.case, material=s.licence, file=pdf(), by=s.contact)
    assert codes(refused.value) == {"submission_already_accepted"}


def test_only_the_case_staff_review(s, world):
    submission = submission_submit(case=s.case, material=s.licence, file=pdf(), by=s.contact)
    for who in (s.contact, world.users["agent2"], world.users["supervisor_b"]):
        with pytest.raises(PermissionDenied):
            submission_accept(submission=submission, by=who)
    submission_accept(submission=submission, by=world.users["supervisor"])


def test_ask_again_needs_a_reason_and_the_enterprise_reads_it(s):
    submission = submission_submit(case=s.case, material=s.plan, file=pdf("plan.pdf"), by=s.contact)
    with pytest.raises(ValidationError) as refused:
        submission_ask_again(submission=submission, reason="  ", by=s.agent)
    assert codes(refused.value) == {"submission_reason_required"}

    submission_ask_again(submission=submission, reason="缺少盖章页", by=s.agent)

    submission.refresh_from_db()
    assert submission.state == SubmissionState.RESUBMIT and submission.review_reason == "缺少盖章页"
    assert AuditEntry.objects.get(event="submission.returned").reason == "缺少盖章页"
    told = Notification.objects.get(recipient=s.contact)
    assert told.body == "缺少盖章页" and "建设项目总平面图" in told.title
    assert statuses(s.case)[(None, "建设项目总平面图")] == "需重新提交：缺少盖章页"
    assert not EnterpriseMaterial.objects.exists()
    again = submission_submit(case=s.case, material=s.plan, file=pdf("plan2.pdf"), by=s.contact)
    assert again.state == SubmissionState.PENDING


def test_a_correction_names_its_materials_and_the_enterprise_answers_it(s):
    with pytest.raises(ValidationError) as refused:
        item_request_correction(item=s.item, reason="需补充", materials=[s.other], by=s.agent, on=MON)
    assert codes(refused.value) == {"material_not_needed"}

    item_request_correction(item=s.item, reason="总平面图比例不符", materials=[s.plan], by=s.agent, on=MON)

    pause = s.item.pauses.get()
    assert list(pause.requested_materials.all()) == [s.plan]
    assert AuditEntry.objects.get(event="item.correction_requested").after["materials"] == ["建设项目总平面图"]
    told = Notification.objects.get(recipient=s.contact)
    assert told.body == "总平面图比例不符"
    groups = case_requests(s.case, on=timezone.localdate())
    assert [g.title for g in groups] == ["一次性告知书材料", "补正材料"]
    assert groups[1].pause == pause and [r.material for r in groups[1].rows] == [s.plan]
    with pytest.raises(ValidationError) as refused:
        submission_submit(case=s.case, material=s.licence, pause=pause, file=pdf(), by=s.contact)
    assert codes(refused.value) == {"submission_not_requested"}

    submission = submission_submit(case=s.case, material=s.plan, pause=pause, file=pdf("plan.pdf"), by=s.contact)

    assert submission.pause == pause
    assert statuses(s.case)[(pause.pk, "建设项目总平面图")] == "待代办员审核"
    assert statuses(s.case)[(None, "建设项目总平面图")] == "未提交"


def test_a_valid_library_copy_is_reused_instead_of_uploading(s):
    held = material_on_file_record(
        enterprise=s.case.enterprise, material=s.licence, received_on=MON, file=pdf(), by=s.agent
    )
    assert statuses(s.case)[(None, "营业执照副本")] == "材料库已有"
    item_request_correction(item=s.item, reason="执照已变更，请提供最新版", materials=[s.licence], by=s.agent, on=MON)
    pause = s.item.pauses.get()
    other_copy = material_on_file_record(enterprise=s.case.enterprise, material=s.plan, received_on=MON, by=s.agent)
    with pytest.raises(ValidationError) as refused:
        submission_submit(case=s.case, material=s.licence, pause=pause, library_copy=other_copy, by=s.contact)
    assert codes(refused.value) == {"submission_copy_invalid"}

    submission = submission_submit(case=s.case, material=s.licence, pause=pause, library_copy=held, by=s.contact)
    submission_accept(submission=submission, by=s.agent)

    assert AuditEntry.objects.filter(event="submission.reused").count() == 1
    assert EnterpriseMaterial.objects.filter(material=s.licence).count() == 1  # nothing copied twice
    assert statuses(s.case)[(pause.pk, "营业执照副本")] == "已收取"


def test_a_refused_library_copy_is_not_offered_again_and_the_home_says_what_to_hand_in(s):
    from projects.cases.selectors import items_with_waits
    from projects.portal.selectors import cases_asking, enterprise_items, enterprise_todo

    held = material_on_file_record(
        enterprise=s.case.enterprise, material=s.licence, received_on=MON, file=pdf(), by=s.agent
    )
    item_request_correction(item=s.item, reason="执照已变更，请提供最新版", materials=[s.licence], by=s.agent, on=MON)
    pause = s.item.pauses.get()

    def row():
        group = next(g for g in case_requests(s.case, on=timezone.localdate()) if g.pause == pause)
        return group.rows[0]

    def home():
        items = items_with_waits(enterprise_items(type(s.case).objects.filter(pk=s.case.pk)), timezone.localdate())
        return enterprise_todo(s.case, items, timezone.localdate()), items[0].waits.words

    assert row().library == held and s.case.pk in cases_asking([s.case])
    todo, waits = home()
    assert [r.material for r in todo] == [s.licence] and "等待贵企业补正" in waits

    submitted = submission_submit(case=s.case, material=s.licence, pause=pause, library_copy=held, by=s.contact)
    todo, waits = home()
    assert todo == [] and waits.startswith("补正材料已提交，等待代办员")  # the agent's turn now

    submission_ask_again(submission=submitted, reason="副本是旧版，请上传变更后的执照", by=s.agent)

    assert row().library is None and row().may_submit  # only a new file will do
    todo, _ = home()
    assert [r.status for r in todo] == ["需重新提交：副本是旧版，请上传变更后的执照"]
