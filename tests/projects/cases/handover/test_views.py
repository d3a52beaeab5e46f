"""The pages: the agent asks without seeing the project; only the owning centre's
supervisor decides, on the centre page, once."""

import pytest

from projects.models import HandoverRequest, HandoverState, ProxyCase


@pytest.fixture
def setup(world, their_case):
    return world.users, world.other_project


def _first_contact(client, users, project):
    client.force_login(users["agent1"])
    response = client.post(
        "/projects/cases/new/",
        {
            "credit_code": project.enterprise.credit_code,
            "channel": "phone",
            "on": "2026-01-05",
            "summary": "企业来电咨询",
        },
    )
    assert response.status_code == 302
    return response["Location"]


def _project_pages(project):
    return [f"/projects/{project.pk}/", f"/projects/{project.pk}/drawings/", f"/api/v1/projects/{project.pk}/"]


def test_agent_sees_nothing_of_the_project_until_the_handover_is_accepted(client, setup):
    users, project = setup
    case_url = _first_contact(client, users, project)
    page = client.get(case_url).content.decode()
    assert project.name not in page and project.code not in page
    assert "申请移交" in page
    response = client.post(case_url + "handover/", {"project_code": project.code, "note": "企业要求"}, follow=True)
    page = response.content.decode()
    centre = users["supervisor_b"].agent_profile.centre
    assert f"该项目由{centre}负责" in page
    assert project.name not in page
    for url in _project_pages(project):
        assert client.get(url).status_code == 404, url
    assert str(project.pk) not in str([row["id"] for row in client.get("/api/v1/projects/").json()["results"]])

    client.force_login(users["supervisor_b"])
    centre_page = client.get("/projects/centre/").content.decode()
    assert project.name in centre_page and "待处理的移交申请" in centre_page
    request = HandoverRequest.objects.get()
    response = client.post(f"/projects/handovers/{request.pk}/accept/", follow=True)
    assert "已同意移交" in response.content.decode()

    client.force_login(users["agent1"])
    for url in _project_pages(project):
        assert client.get(url).status_code == 200, url
    assert project.name in client.get(case_url).content.decode()


def test_the_supervisor_of_another_centre_cannot_decide(client, setup):
    users, project = setup
    case_url = _first_contact(client, users, project)
    client.post(case_url + "handover/", {"project_code": project.code})
    request = HandoverRequest.objects.get()
    client.force_login(users["supervisor"])  # centre A: the requesting side
    assert request.project.name not in client.get("/projects/centre/").content.decode()
    assert client.post(f"/projects/handovers/{request.pk}/accept/").status_code == 403
    assert client.post(f"/projects/handovers/{request.pk}/refuse/", {"reason": "不"}).status_code == 403
    client.force_login(users["agent2"])
    assert client.post(f"/projects/handovers/{request.pk}/accept/").status_code == 403
    request.refresh_from_db()
    assert request.state == HandoverState.PENDING


def test_refusing_asks_for_a_reason_and_a_second_decision_is_told_it_was_taken(client, setup):
    users, project = setup
    case_url = _first_contact(client, users, project)
    client.post(case_url + "handover/", {"project_code": project.code})
    request = HandoverRequest.objects.get()
    client.force_login(users["supervisor_b"])
    page = client.post(f"/projects/handovers/{request.pk}/refuse/", {"reason": ""}, follow=True).content.decode()
    assert "拒绝移交必须填写理由" in page
    client.post(f"/projects/handovers/{request.pk}/refuse/", {"reason": "企业已委托本中心"})
    page = client.post(f"/projects/handovers/{request.pk}/accept/", follow=True).content.decode()
    assert "该申请已由" in page and "无需再次处理" in page
    request.refresh_from_db()
    assert request.state == HandoverState.REFUSED

    client.force_login(users["agent1"])
    page = client.get(case_url).content.decode()
    assert "企业已委托本中心" in page and "已拒绝移交" in page and project.name not in page


def test_a_second_request_for_the_same_project_is_refused(client, setup):
    users, project = setup
    case_url = _first_contact(client, users, project)
    client.post(case_url + "handover/", {"project_code": project.code})
    page = client.post(case_url + "handover/", {"project_code": project.code}, follow=True).content.decode()
    assert "已为本案件提交过该项目的移交申请" in page
    assert HandoverRequest.objects.count() == 1


def test_the_link_form_rejects_a_project_posted_by_id(client, setup):
    users, project = setup
    case_url = _first_contact(client, users, project)
    page = client.post(case_url + "project/", {"project": project.pk}, follow=True).content.decode()
    assert project.name not in page
    assert not HandoverRequest.objects.exists()
    assert ProxyCase.objects.get(agent=users["agent1"].agent_profile).project is None
