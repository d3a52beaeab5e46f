"""The enterprise rates a closed case and reads what the callback did about it."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from projects.ratings.services import (
    callback_call_record,
    callback_close,
    callback_rectification_record,
    case_rate,
)

pytestmark = pytest.mark.django_db


def test_the_enterprise_sees_when_it_was_called_what_was_rectified_and_the_result(portal_world):
    w = portal_world
    client = Client()
    client.force_login(w.contact.user)
    page = client.get(reverse("projects:enterprise_home")).content.decode()
    assert f'href="{reverse("projects:enterprise_ratings")}#case-{w.case.pk}"' in page

    rating = case_rate(case=w.case, level=2, comment="等了很久", by=w.contact.user)
    callback = rating.callback
    ratings = reverse("projects:enterprise_ratings")
    assert "等待代办中心" in client.get(ratings).content.decode()
    day = timezone.localdate()
    supervisor = callback.assigned_to.user
    callback_call_record(callback=callback, on=day, person="王经理", summary="窗口排队过久", by=supervisor)
    callback_rectification_record(callback=callback, on=day, rectification="开设企业专窗，预约办理", by=supervisor)
    callback_close(callback=callback, outcome="satisfied", on=day, by=supervisor)

    page = client.get(ratings).content.decode()
    block = page[page.index('data-testid="callback-outcome"') :]
    assert f"回访日期：{day:%Y-%m-%d}（王经理）" in block
    assert "开设企业专窗，预约办理" in block and "回访结果：<strong>企业满意</strong>" in block
