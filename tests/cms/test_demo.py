"""The public site's demo: the page tree and the five seed documents as explainers."""

from io import StringIO

import pytest

from cms import demo
from cms.explainers import SEEDS, seed_lines, simplified
from cms.models import HomePage, PolicyExplainerPage

pytestmark = pytest.mark.django_db


def test_the_demo_builds_the_site_once(client):
    assert demo.load(StringIO()) > 0
    assert demo.load(StringIO()) == 0
    home = HomePage.objects.get()
    assert home.get_site().root_page_id == home.pk
    page = client.get("/").content.decode()
    assert "全程免费代办" in page
    assert PolicyExplainerPage.objects.live().count() == len(SEEDS)
    explainer = PolicyExplainerPage.objects.get(slug="yandu-bujianmian")
    shown = client.get(explainer.url).content.decode()
    assert "建立“不见面审批(服务)”体系的理论依据" in shown and "50" in shown
    assert "建筑工程施工许可证核发" not in shown or "/catalogue/items/" in shown


def test_the_traditional_seed_is_simplified_without_pinyin():
    assert simplified("各縣(區(qū))人民政府") == "各县(区)人民政府"
    seed = next(seed for seed in SEEDS if seed.traditional)
    text = "".join(seed_lines(seed))
    assert "县" in text and "縣" not in text and "(qū)" not in text and "審批" not in text


def test_the_scraped_page_around_each_seed_is_cut_off():
    for seed in SEEDS:
        text = "".join(seed_lines(seed))
        assert "被举报" not in text and "免费资料大全" not in text and "版权声明" not in text, seed.file
        assert "Copyright" not in text and "ICP" not in text and "版权所有" not in text, seed.file
