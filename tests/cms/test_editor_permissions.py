"""Editors (门户编辑) write the public site: they may add, edit and publish pages."""

import pytest

from cms.models import PolicyExplainerPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(UserFactory(roles=["editor"]))
    return client


def test_the_editor_can_open_add_page_under_the_home_page(editor_client, site_tree):
    # Each section exists once already, so the one page type left opens its form directly.
    response = editor_client.get(f"/cms/pages/{site_tree['home'].pk}/add_subpage/", follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and "对不起" not in page
    assert response.redirect_chain[-1][0] == f"/cms/pages/add/cms/standardpage/{site_tree['home'].pk}/"


def test_the_editor_adds_an_explainer(editor_client, site_tree):
    policies = site_tree["policies"]
    url = f"/cms/pages/add/cms/policyexplainerpage/{policies.pk}/"
    assert editor_client.get(url).status_code == 200
    response = editor_client.post(
        url,
        {
            "title": "多评合一解读",
            "slug": "duoping",
            "issuing_body": "盐城市人民政府",
            "summary": "区域评估成果共享。",
            "body-count": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    explainer = PolicyExplainerPage.objects.get(slug="duoping")
    assert explainer.get_parent().pk == policies.pk and not explainer.live


def test_others_cannot_reach_the_page_editor(client, site_tree):
    client.force_login(UserFactory(roles=["agent"]))
    response = client.get(f"/cms/pages/{site_tree['home'].pk}/add_subpage/")
    assert response.status_code == 302 and "/cms/login/" in response.url


def test_the_editor_manages_biographies_and_the_image_and_document_libraries(editor_client, site_tree):
    for url in ("/cms/snippets/cms/agentbiography/add/", "/cms/images/multiple/add/", "/cms/documents/multiple/add/"):
        response = editor_client.get(url)
        assert response.status_code == 200, url
