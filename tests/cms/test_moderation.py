"""Explainers go through Wagtail's workflow: an editor writes and submits, a moderator
(门户审核) approves, the public sees the page."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import WorkflowState

from cms.apps import MODERATOR_GROUP
from cms.demo import _workflow
from cms.models import PolicyExplainerPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_editor_submits_a_moderator_approves_the_public_sees(site_tree):
    _workflow(site_tree["policies"])
    editor, moderator, public = Client(), Client(), Client()
    editor.force_login(UserFactory(roles=["editor"]))
    reviewer = UserFactory()
    reviewer.groups.add(Group.objects.get(name=MODERATOR_GROUP))
    moderator.force_login(reviewer)

    response = editor.post(
        f"/cms/pages/add/cms/policyexplainerpage/{site_tree['policies'].pk}/",
        {
            "title": "多评合一解读",
            "slug": "duoping",
            "issuing_body": "盐城市人民政府",
            "summary": "区域评估成果共享。",
            "body-count": "0",
            "action-submit": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = PolicyExplainerPage.objects.get(slug="duoping")
    state = WorkflowState.objects.active().get(base_content_type__isnull=False, object_id=str(page.pk))
    assert not page.live
    assert public.get("/policies/duoping/").status_code == 404
    home = editor.get("/editor/").content.decode()
    assert "多评合一解读" in home and "等待门户审核员审核" in home

    response = moderator.post(
        f"/cms/pages/workflow/action/{page.pk}/approve/{state.current_task_state.pk}/", {"comment": ""}
    )
    assert response.status_code in (200, 302), response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.live
    assert "区域评估成果共享" in public.get("/policies/duoping/").content.decode()


def test_a_biography_shows_in_the_directory_once_a_moderator_approves_it(client, site_tree):
    from django.contrib.auth.models import Permission

    from cms.models import AgentBiography
    from tests.factories import ProxyAgentFactory

    _workflow(site_tree["policies"])
    agent = ProxyAgentFactory(user__full_name="张代办")
    editor = UserFactory(roles=["editor"])
    assert not editor.has_perm("cms.publish_agentbiography")
    assert Permission.objects.filter(codename="publish_agentbiography", group__name=MODERATOR_GROUP).exists()
    bio = AgentBiography(agent=agent, biography="<p>十年工业项目代办经验</p>", live=False)
    bio.save()
    bio.save_revision(user=editor)
    workflow = bio.get_workflow()
    assert workflow is not None
    workflow.start(bio, editor)
    assert "十年工业项目代办经验" not in client.get(site_tree["directory"].url).content.decode()
    reviewer = UserFactory()
    reviewer.groups.add(Group.objects.get(name=MODERATOR_GROUP))
    bio.current_workflow_task_state.task.specific.on_action(bio.current_workflow_task_state, reviewer, "approve")
    bio.refresh_from_db()
    assert bio.live
    assert "十年工业项目代办经验" in client.get(site_tree["directory"].url).content.decode()
