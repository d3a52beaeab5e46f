"""The Wagtail admin as the portal's editors and moderators see it is in Chinese: Wagtail 8's
own zh_Hans catalogue leaves strings in English, cms/locale fills them in, and cms/templates
overrides the few Wagtail writes without translation."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from cms.apps import MODERATOR_GROUP
from cms.demo import _workflow
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# What may stay in Latin letters: file formats and units, the example address in Wagtail's slug
# help, the site's host name, and the language switch's "English" (a language names itself).
ALLOWED = {
    "JPG",
    "JPEG",
    "PNG",
    "MB",
    "CSV",
    "XLSX",
    "http",
    "domain",
    "com",
    "work",
    "my",
    "localhost",
    "URL",
    "English",
}
HIDDEN = {"script", "style", "template", "noscript", "option"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class VisibleText(HTMLParser):
    """The text a user reads or hears: element text, and titles and labels of elements,
    outside scripts and elements marked hidden."""

    def __init__(self):
        super().__init__()
        self.words: set[str] = set()
        self.open: list[bool] = []  # per open element: is it hidden

    @property
    def hidden(self) -> bool:
        return any(self.open)

    def handle_starttag(self, tag, attrs):
        hides = tag in HIDDEN or any(name == "hidden" for name, _value in attrs)
        if not (self.hidden or hides):
            for name, value in attrs:
                if name in ("title", "aria-label", "placeholder", "alt") and value:
                    self.words |= set(re.findall(r"[A-Za-z]{2,}", value))
        if tag not in VOID:
            self.open.append(hides)

    def handle_endtag(self, tag):
        if tag not in VOID and self.open:
            self.open.pop()

    def handle_data(self, data):
        if not self.hidden:
            self.words |= set(re.findall(r"[A-Za-z]{2,}", data))


def english_words(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.words - ALLOWED


def test_the_admin_pages_editors_and_moderators_use_have_no_english(site_tree):
    _workflow(site_tree["policies"])
    editor = UserFactory(roles=["editor"])
    moderator = UserFactory(roles=["editor"])
    moderator.groups.add(Group.objects.get(name=MODERATOR_GROUP))
    home, policies, explainer = site_tree["home"], site_tree["policies"], site_tree["explainer"]
    explainer.save_revision(user=editor)
    explainer.get_workflow().start(explainer, editor)
    urls = [
        "/cms/",
        "/cms/pages/",
        f"/cms/pages/{home.pk}/",
        f"/cms/pages/{policies.pk}/",
        f"/cms/pages/{explainer.pk}/edit/",
        f"/cms/pages/{explainer.pk}/history/",
        f"/cms/pages/add/cms/policyexplainerpage/{policies.pk}/",
        f"/cms/pages/add/cms/standardpage/{home.pk}/",
        "/cms/images/",
        "/cms/images/multiple/add/",
        "/cms/documents/",
        "/cms/documents/multiple/add/",
        "/cms/snippets/cms/agentbiography/",
        "/cms/snippets/cms/agentbiography/add/",
        "/cms/reports/workflow/",
        "/cms/reports/workflow_tasks/",
        "/editor/",
    ]
    for user in (editor, moderator):
        client = Client()
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert not english_words(response.content.decode()), (user, url)
