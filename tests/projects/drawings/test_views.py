"""The joint drawing review page: scoped like the project, staff record the moves."""

import pytest

from projects.models import DrawingReview

pytestmark = pytest.mark.django_db

ACCESS = {
    "agent1": 200,
    "supervisor": 200,
    "admin": 200,
    "enterprise1": 200,
    "zone_a": 200,
    "agent2": 404,
    "supervisor_b": 404,
    "zone_b": 404,
    "editor": 404,
    "nobody": 404,
}


@pytest.mark.parametrize(("username", "status"), ACCESS.items())
def test_drawings_page_scoped_like_the_project(client, world, username, status):
    client.force_login(world.users[username])
    assert client.get(f"/projects/{world.own_project.pk}/drawings/").status_code == status


@pytest.mark.parametrize("username", ["enterprise1", "zone_a", "agent2", "editor"])
def test_only_staff_submit_drawings(client, world, username):
    client.force_login(world.users[username])
    response = client.post(f"/projects/{world.own_project.pk}/drawings/submit/", {"package": "一期"})
    assert response.status_code in (403, 404)
    assert not DrawingReview.objects.exists()


def test_a_package_through_the_page_to_its_certificate(client, world):
    client.force_login(world.users["agent1"])
    base = f"/projects/{world.own_project.pk}/drawings"
    client.post(f"{base}/submit/", {"package": "一期厂房"})
    review = DrawingReview.objects.get(package="一期厂房")
    client.post(f"{base}/{review.pk}/accept/", {"acceptance_no": "LS-2026-001"})
    client.post(f"{base}/{review.pk}/start/")
    refused = client.post(f"{base}/{review.pk}/consolidate/", follow=True).content.decode()
    assert "消防" in refused  # names the disciplines still to speak
    for discipline in review.disciplines.all():
        client.post(f"{base}/{review.pk}/opinion/", {"discipline": discipline.pk, "verdict": "pass", "text": ""})
    client.post(f"{base}/{review.pk}/consolidate/")
    client.post(f"{base}/{review.pk}/pass/", {"certificate_no": "HG-2026-088"})
    review.refresh_from_db()
    assert (review.state, review.certificate_no) == ("passed", "HG-2026-088")
    page = client.get(f"{base}/").content.decode()
    assert "审查合格" in page and "HG-2026-088" in page


# --- what waits on whom: the reviewers' queue and the staff's open packages -------------------


@pytest.fixture
def in_review(world):
    from projects.drawings.services import drawing_review_accept, drawing_review_start, drawing_review_submit

    agent = world.users["agent1"]
    review = drawing_review_submit(project=world.own_project, package="一期厂房", by=agent)
    drawing_review_accept(review=review, acceptance_no="LS-2026-002", by=agent)
    return drawing_review_start(review=review, by=agent)


@pytest.fixture
def fire_reviewer(world):
    from crm.accounts.roles import Role
    from projects.models import ReviewDiscipline
    from tests.factories import UserFactory

    user = UserFactory(username="fire_reviewer", roles=[Role.REVIEWER])
    ReviewDiscipline.objects.get(code="fire").reviewers.add(user)
    return user


def test_a_reviewer_lands_on_the_queue_and_sees_only_their_disciplines_work(client, world, in_review, fire_reviewer):
    client.force_login(fire_reviewer)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/projects/drawings/queue/"
    page = response.content.decode()
    assert 'data-discipline="fire"' in page and 'data-discipline="planning"' not in page
    assert world.own_project.name in page and "LS-2026-002" in page


def test_a_reviewer_gives_their_disciplines_opinion_once_and_the_task_leaves_the_queue(
    client, world, in_review, fire_reviewer
):
    from projects.models import ReviewDiscipline

    fire = ReviewDiscipline.objects.get(code="fire")
    url = f"/projects/drawings/{in_review.pk}/disciplines/{fire.pk}/opinion/"
    client.force_login(fire_reviewer)
    refused = client.post(url, {"verdict": "objection", "text": ""}, follow=True).content.decode()
    assert "必须" in refused or "填写" in refused  # an objection needs its text
    client.post(url, {"verdict": "objection", "text": "疏散楼梯宽度不足"})
    opinion = in_review.opinions.get(discipline=fire)
    assert (opinion.verdict, opinion.reviewer) == ("objection", fire_reviewer)
    again = client.post(url, {"verdict": "pass"}, follow=True).content.decode()
    assert in_review.opinions.filter(discipline=fire).count() == 1
    assert 'data-discipline="fire"' not in again  # nothing left for fire


def test_a_reviewer_cannot_speak_for_another_discipline(client, world, in_review, fire_reviewer):
    from projects.models import ReviewDiscipline

    planning = ReviewDiscipline.objects.get(code="planning")
    client.force_login(fire_reviewer)
    response = client.post(f"/projects/drawings/{in_review.pk}/disciplines/{planning.pk}/opinion/", {"verdict": "pass"})
    assert response.status_code == 403
    assert not in_review.opinions.exists()


def test_a_reviewer_removed_from_the_group_loses_the_queue(client, world, in_review, fire_reviewer):
    fire_reviewer.groups.clear()
    client.force_login(fire_reviewer)
    assert client.get("/projects/drawings/queue/").status_code == 403


def test_the_staff_queue_names_the_disciplines_still_to_speak(client, world, in_review):
    client.force_login(world.users["agent1"])
    page = client.get("/projects/drawings/queue/").content.decode()
    assert "待各专业出具意见" in page and "消防" in page and "规划" in page
    client.force_login(world.users["agent2"])
    assert "一期厂房" not in client.get("/projects/drawings/queue/").content.decode()
