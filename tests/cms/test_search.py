"""Search across the site: Chinese words are found inside longer ones."""

import pytest

from cms.models import StandardPage
from cms.search import bigrams
from tests.factories import ApprovalItemFactory

pytestmark = pytest.mark.django_db


def test_bigrams_cut_chinese_into_overlapping_pairs():
    assert bigrams("施工许可") == "施工 工许 许可"
    assert bigrams("<p>3550目标 ABC</p>") == "3550 目标 abc"
    assert bigrams("证") == "证"


def test_a_word_is_found_inside_a_longer_one(client, site_tree):
    site_tree["home"].add_child(
        instance=StandardPage(title="建筑工程施工许可证核发办事须知", slug="permit-guide", body="<p>须知</p>")
    )
    ApprovalItemFactory(name="建筑工程施工许可证核发")
    ApprovalItemFactory(name="企业设立登记")
    page = client.get("/search/", {"q": "施工许可"}).content.decode()
    assert "建筑工程施工许可证核发办事须知" in page
    assert "建筑工程施工许可证核发" in page and "企业设立登记" not in page
    explainer = client.get("/search/", {"q": "改革解读"}).content.decode()
    assert "不见面审批改革解读" in explainer
    other = client.get("/search/", {"q": "企业设立"}).content.decode()
    assert "企业设立登记" in other and "不见面审批改革解读" not in other and "办事须知" not in other


@pytest.mark.parametrize("query", [{"q": "\x00"}, {"q": "长" * 51}])
def test_a_query_it_cannot_read_gets_a_400(client, site_tree, query):
    response = client.get("/search/", query)
    assert response.status_code == 400 and "请求无效" in response.content.decode()
