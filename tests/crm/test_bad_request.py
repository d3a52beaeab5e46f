"""The 400 page (``crm.forms.bad_request``) quotes a refused value only as a short,
cleaned excerpt: a 10,000-character or NUL-laden query string is never echoed whole."""

import pytest
from django.urls import reverse

from crm.forms import ExportForm, excerpt, form_errors
from tests.projects.dashboards.fixture import dashboard_world


def test_an_excerpt_is_short_and_has_no_control_characters():
    assert excerpt("x" * 10_000) == "x" * 40 + "…"
    assert excerpt("ab\x00c\nd\x1b") == "abcd"
    assert excerpt("2026-04") == "2026-04"


def test_form_errors_quote_a_refused_value_cut_short():
    [message] = form_errors(ExportForm({"export": "长" * 10_000 + "\x00"}))
    assert message.startswith("导出：") and "长" * 40 + "…" in message and "长" * 41 not in message
    assert len(message) < 120 and "\x00" not in message


@pytest.mark.django_db
def test_the_400_page_shows_an_excerpt_and_wraps_long_words(client):
    w = dashboard_world()
    client.force_login(w.s1.user)
    response = client.get(reverse("projects:supervisor_home"), {"export": "x" * 10_000})
    page = response.content.decode()
    assert response.status_code == 400 and "请求无效" in page and "导出" in page
    assert "x" * 40 + "…" in page and "x" * 41 not in page
    assert 'class="bad-request"' in page  # crm.css: .bad-request { overflow-wrap:anywhere }
    refused = client.get(reverse("projects:supervisor_home"), {"export": "a\x00b"})
    assert refused.status_code == 400 and "\x00" not in refused.content.decode()
