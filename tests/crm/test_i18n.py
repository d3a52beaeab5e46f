"""Chinese first, English compiled; dates YYYY-MM-DD and times in Asia/Shanghai."""

import datetime as dt

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import timezone, translation

pytestmark = pytest.mark.django_db


def test_default_language_is_simplified_chinese(client):
    page = client.get("/login/").content.decode()
    assert '<html lang="zh-hans">' in page and "登录" in page


def test_english_is_compiled_and_served(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/login/").content.decode()
    assert '<html lang="en">' in page and "Log in" in page


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_dates_read_yyyy_mm_dd_in_every_language(language):
    with translation.override(language):
        rendered = Template("{{ d|date }} {{ t|date:'SHORT_DATETIME_FORMAT' }}").render(
            Context({"d": dt.date(2026, 10, 8), "t": dt.datetime(2026, 10, 8, 1, 30, tzinfo=dt.UTC)})
        )
    assert rendered == "2026-10-08 2026-10-08 09:30"  # 01:30 UTC is 09:30 in Shanghai


def test_day_counts_have_english_plurals():
    template = Template(
        "{% load i18n %}{% blocktranslate count n=k %}剩{{ n }}个工作日{% plural %}剩{{ n }}个工作日{% endblocktranslate %}"
    )
    with translation.override("en"):
        assert template.render(Context({"k": 1})) == "1 working day left"
        assert template.render(Context({"k": 3})) == "3 working days left"
    with translation.override("zh-hans"):
        assert template.render(Context({"k": 3})) == "剩3个工作日"


def test_time_zone_is_shanghai():
    assert str(timezone.get_current_timezone()) == "Asia/Shanghai"


def test_browser_language_does_not_override_chinese(client):
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in page
