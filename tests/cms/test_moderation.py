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


EXPLAINER_FORM = {
    "title": "多评合一解读",
    "slug": "duoping",
    "issuing_body": "盐城市人民政府",
    "summary": "区域评估成果共享。",
    "body-count": "0",
}


def test_an_editor_cannot_publish_an_explainer_past_the_workflow(site_tree):
    _workflow(site_tree["policies"])
    editor = Client()
    editor.force_login(UserFactory(roles=["editor"]))
    policies, explainer = site_tree["policies"], site_tree["explainer"]

    add = editor.get(f"/cms/pages/add/cms/policyexplainerpage/{policies.pk}/").content.decode()
    assert 'name="action-submit"' in add and 'name="action-publish"' not in add
    response = editor.post(
        f"/cms/pages/add/cms/policyexplainerpage/{policies.pk}/", {**EXPLAINER_FORM, "action-publish": "1"}
    )
    assert response.status_code == 302
    assert not PolicyExplainerPage.objects.get(slug="duoping").live

    edit = editor.get(f"/cms/pages/{explainer.pk}/edit/").content.decode()
    assert 'name="action-publish"' not in edit
    editor.post(
        f"/cms/pages/{explainer.pk}/edit/",
        {
            "title": "改过的标题",
            "slug": explainer.slug,
            "issuing_body": explainer.issuing_body,
            "summary": "编辑想直接发布的摘要。",
            "body-count": "0",
            "action-publish": "1",
        },
    )
    explainer.refresh_from_db()
    assert explainer.title == "不见面审批改革解读" and explainer.has_unpublished_changes
    assert "编辑想直接发布的摘要" not in Client().get(explainer.url).content.decode()
    bulk = editor.get(f"/cms/bulk/wagtailcore/page/publish/?id={explainer.pk}", follow=True).content.decode()
    assert "编辑想直接发布的摘要" not in Client().get(explainer.url).content.decode(), bulk[:500]


def test_outside_the_workflow_editors_publish_and_moderators_publish_explainers(site_tree):
    _workflow(site_tree["policies"])
    editor, moderator = Client(), Client()
    editor.force_login(UserFactory(roles=["editor"]))
    reviewer = UserFactory(roles=["editor"])
    reviewer.groups.add(Group.objects.get(name=MODERATOR_GROUP))
    moderator.force_login(reviewer)
    home = site_tree["home"]
    body = '{"blocks": [{"key": "a", "type": "unstyled", "text": "电话 0515-88201000", "depth": 0, "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}'
    response = editor.post(
        f"/cms/pages/add/cms/standardpage/{home.pk}/",
        {"title": "联系我们", "slug": "contact-us", "body": body, "action-publish": "1"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    from cms.models import StandardPage

    assert StandardPage.objects.get(slug="contact-us").live
    moderator.post(
        f"/cms/pages/add/cms/policyexplainerpage/{site_tree['policies'].pk}/", {**EXPLAINER_FORM, "action-publish": "1"}
    )
    assert PolicyExplainerPage.objects.get(slug="duoping").live


def test_the_dashboard_shows_editors_and_moderators_what_awaits_moderation(site_tree):
    _workflow(site_tree["policies"])
    author, colleague, reviewer = (UserFactory(roles=["editor"]) for _ in range(3))
    reviewer.groups.add(Group.objects.get(name=MODERATOR_GROUP))
    explainer = site_tree["explainer"]
    explainer.save_revision(user=author)
    explainer.get_workflow().start(explainer, author)
    for user in (author, colleague, reviewer):
        client = Client()
        client.force_login(user)
        dashboard = client.get("/cms/").content.decode()
        panel = dashboard[dashboard.index('data-testid="dashboard-awaiting-moderation"') :]
        assert "不见面审批改革解读" in panel and "门户审核员审核" in panel
        assert str(author) in panel
