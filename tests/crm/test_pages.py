"""``crm.pages.page_act``: the one way a page runs a service and shows its refusal."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django_fsm import ConcurrentTransition

from crm.fsm import CONCURRENT_CHANGE
from crm.pages import Done, page_act


class NameForm(forms.Form):
    name = forms.CharField(label="名称", max_length=5)


def _request(data=None):
    request = RequestFactory().post("/somewhere/", data or {})
    SessionMiddleware(lambda r: None).process_request(request)
    MessageMiddleware(lambda r: None).process_request(request)
    return request


def _said(request) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def test_success_says_what_the_service_returned_or_saved():
    request = _request({"name": "abc"})
    response = page_act(request, lambda data: f"已登记{data['name']}", form=NameForm(request.POST), back="/back/")
    assert response.status_code == 302 and response.url == "/back/"
    assert _said(request) == [("success", "已登记abc")]
    request = _request()
    assert page_act(request, lambda: None, back="/back/").url == "/back/"
    assert _said(request) == [("success", "已保存")]


def test_done_goes_elsewhere():
    request = _request()
    response = page_act(request, lambda: Done("已出具", to="/notice/1/"), back="/back/")
    assert response.url == "/notice/1/" and _said(request) == [("success", "已出具")]


def test_refused_form_keeps_what_was_typed_and_names_the_field():
    request = _request({"name": "toolong"})
    called = []
    response = page_act(request, called.append, form=NameForm(request.POST), back="/back/")
    assert response.url == "/back/" and not called
    [(level, text)] = _said(request)
    assert level == "error" and text.startswith("名称：")
    assert request.session["kept_input"]["data"] == {"name": ["toolong"]}


def test_refused_form_with_the_pages_own_sentence():
    request = _request({})
    page_act(request, lambda data: None, form=NameForm(request.POST), refused="请填写名称", back="/back/")
    assert _said(request) == [("error", "请填写名称")]


def test_service_refusal_and_lost_race_become_messages():
    def refuse():
        raise ValidationError(["不行", "也不行"])

    request = _request()
    page_act(request, refuse, back="/back/", keep=False)
    assert _said(request) == [("error", "不行"), ("error", "也不行")]
    assert "kept_input" not in request.session

    def race():
        raise ConcurrentTransition("state changed")

    request = _request()
    page_act(request, race, back="/back/")
    assert _said(request) == [("error", str(CONCURRENT_CHANGE))]


def test_permission_denied_is_not_explained():
    def forbidden():
        raise PermissionDenied

    with pytest.raises(PermissionDenied):
        page_act(_request(), forbidden, back="/back/")
