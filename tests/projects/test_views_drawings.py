"""The joint drawing review page: scoped like the project, staff record the moves."""

import pytest

from projects.models import DrawingReview
from tests.scenario import world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

ACCESS = {
    "agent1": 200, "supervisor": 200, "admin": 200, "enterprise1": 200, "zone_a": 200,
    "agent2": 404, "supervisor_b": 404, "zone_b": 404, "editor": 404, "nobody": 404,
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
