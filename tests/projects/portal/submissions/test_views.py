"""The submissions pages: the enterprise's list and uploads, the agent's review on the
case page, the guarded file view, scope by id and hostile uploads."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from projects.cases.services import item_request_correction
from projects.models import ItemPause, MaterialSubmission, SubmissionState
from projects.portal.submissions.services import submission_submit
from tests.factories import MON
from tests.projects.portal.submissions.scenario import EXE, HTML, PDF, pdf, submission_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(world):
    return submission_case(world)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def errors(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]


def page(s) -> str:
    return f"/projects/cases/{s.case.pk}/materials/"


def test_the_enterprise_sees_each_material_with_its_status_and_upload_form(s):
    item_request_correction(item=s.item, reason="比例不符", materials=[s.plan], by=s.agent, on=MON)
    response = signed_in(s.contact).get(page(s))
    html = response.content.decode()
    assert response.status_code == 200
    assert "一次性告知书材料" in html and "补正材料" in html
    assert "请补正：建设项目总平面图 — 比例不符" in html
    assert html.count('data-testid="upload-form"') == 3  # two notice materials, one correction
    assert "未提交" in html


def test_upload_through_the_page_and_the_agent_accepts_on_the_case_page(s):
    contact = signed_in(s.contact)
    response = contact.post(f"{page(s)}submit/", {"material": s.licence.pk, "file": pdf()}, follow=False)
    assert response.status_code == 302 and not errors(response)
    submission = MaterialSubmission.objects.get()
    assert "待代办员审核" in contact.get(page(s)).content.decode()

    agent = signed_in(s.agent)
    case_page = agent.get(f"/projects/cases/{s.case.pk}/").content.decode()
    assert "企业提交的材料" in case_page and f"/projects/submissions/{submission.pk}/file/" in case_page
    response = agent.post(f"/projects/cases/{s.case.pk}/materials/{submission.pk}/review/", {"decision": "again"})
    assert errors(response) and MaterialSubmission.objects.get().state == SubmissionState.PENDING
    agent.get(f"/projects/cases/{s.case.pk}/")  # the refusal is read
    response = agent.post(f"/projects/cases/{s.case.pk}/materials/{submission.pk}/review/", {"decision": "accept"})
    assert response.status_code == 302 and not errors(response)
    assert MaterialSubmission.objects.get().state == SubmissionState.ACCEPTED
    assert "已收取" in contact.get(page(s)).content.decode()


@pytest.mark.parametrize("content", [HTML, EXE], ids=["html", "exe"])
def test_a_file_named_pdf_whose_content_is_not_is_refused(s, content):
    response = signed_in(s.contact).post(f"{page(s)}submit/", {"material": s.licence.pk, "file": pdf("a.pdf", content)})
    assert response.status_code == 302
    assert any("按文件内容判断" in e for e in errors(response))
    assert not MaterialSubmission.objects.exists()


def test_a_file_over_the_limit_is_refused(s, settings):
    settings.CRM_UPLOAD_MAX_BYTES = 32
    response = signed_in(s.contact).post(f"{page(s)}submit/", {"material": s.licence.pk, "file": pdf()})
    assert any("不能超过" in e for e in errors(response))
    assert not MaterialSubmission.objects.exists()


@pytest.mark.parametrize("value", ["名称\x00注入", "长" * 10_000, "NaN", "-1", "99999999999999999999"])
def test_hostile_values_are_refused_in_words(s, value):
    contact = signed_in(s.contact)
    for data in ({"material": value, "file": pdf()}, {"material": s.licence.pk, "pause": value, "file": pdf()}):
        response = contact.post(f"{page(s)}submit/", data)
        assert response.status_code == 302 and errors(response)
        contact.get(page(s))
    response = signed_in(s.agent).post(f"/projects/cases/{s.case.pk}/materials/999/review/", {"decision": value})
    assert response.status_code == 404
    assert not MaterialSubmission.objects.exists()


def test_another_enterprise_reaches_nothing_by_id(s, world):
    submission = submission_submit(case=s.case, material=s.licence, file=pdf(), by=s.contact)
    file_url = f"/projects/submissions/{submission.pk}/file/"
    stranger = signed_in(s.stranger)
    assert stranger.get(file_url).status_code == 404
    assert stranger.get(page(s)).status_code == 404
    assert stranger.post(f"{page(s)}submit/", {"material": s.licence.pk, "file": pdf()}).status_code == 404
    assert signed_in(world.users["agent2"]).get(file_url).status_code == 404
    assert signed_in(world.users["zone_a"]).get(file_url).status_code == 404
    assert Client().get(file_url).status_code == 302  # to sign in
    assert MaterialSubmission.objects.count() == 1


def test_the_file_goes_only_to_the_case_staff_and_the_enterprise_never_as_a_page(s, world):
    submission = submission_submit(case=s.case, material=s.licence, file=pdf(), by=s.contact)
    for who in (s.contact, s.agent, world.users["supervisor"]):
        response = signed_in(who).get(f"/projects/submissions/{submission.pk}/file/")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff" and "sandbox" in response["Content-Security-Policy"]
        assert b"".join(response.streaming_content) == PDF


def test_staff_may_not_upload_and_the_enterprise_may_not_review(s):
    response = signed_in(s.agent).post(f"{page(s)}submit/", {"material": s.licence.pk, "file": pdf()})
    assert response.status_code == 403
    submission = submission_submit(case=s.case, material=s.licence, file=pdf(), by=s.contact)
    response = signed_in(s.contact).post(
        f"/projects/cases/{s.case.pk}/materials/{submission.pk}/review/", {"decision": "accept"}
    )
    assert response.status_code == 403
    assert MaterialSubmission.objects.get().state == SubmissionState.PENDING


def test_the_case_page_asks_for_a_correction_naming_materials(s):
    agent = signed_in(s.agent)
    html = agent.get(f"/projects/cases/{s.case.pk}/").content.decode()
    assert 'name="materials"' in html and "建设项目总平面图" in html
    url = f"/projects/cases/{s.case.pk}/items/{s.item.pk}/request_correction/"
    response = agent.post(url, {"on": MON.isoformat(), "reason": "缺页", "materials": [s.other.pk]})
    assert errors(response) and not ItemPause.objects.exists()
    agent.get(f"/projects/cases/{s.case.pk}/")
    response = agent.post(url, {"on": MON.isoformat(), "reason": "缺页", "materials": ["999999"]})
    assert errors(response) and not ItemPause.objects.exists()
    agent.get(f"/projects/cases/{s.case.pk}/")
    response = agent.post(url, {"on": MON.isoformat(), "reason": "缺页", "materials": [s.plan.pk]})
    assert not errors(response)
    assert list(ItemPause.objects.get().requested_materials.all()) == [s.plan]
    enterprise_view = signed_in(s.contact).get(f"/projects/cases/{s.case.pk}/").content.decode()
    assert "等待贵企业补正：建设项目总平面图 — 缺页" in enterprise_view
    assert f"/projects/cases/{s.case.pk}/materials/" in enterprise_view


def test_the_workbench_counts_the_uploads_waiting_for_review(s, world):
    agent = signed_in(s.agent)
    assert "待审核材料" not in agent.get("/projects/workbench/").content.decode()
    submission_submit(case=s.case, material=s.licence, file=pdf(), by=s.contact)
    submission_submit(case=s.case, material=s.plan, file=pdf("plan.pdf"), by=s.contact)
    html = agent.get("/projects/workbench/").content.decode()
    assert "待审核材料" in html and "2份" in html and f"/projects/cases/{s.case.pk}/#submissions" in html
    assert "待审核材料" not in signed_in(world.users["agent2"]).get("/projects/workbench/").content.decode()
