"""Forms shared by every app's pages: a list page's page number, and how a refused
form is answered (its messages, or a 400 page for a query string)."""

from django import forms
from django.http import QueryDict
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

# More pages than any list will have: a larger number is a made-up address.
MAX_PAGE = 100_000


class DateInput(forms.DateInput):
    """A date field as the browser's date picker."""

    input_type = "date"


class StepDateForm(forms.Form):
    """The day a step for a department happened (empty: today). The service refuses a
    day after today or before the step it follows; the page offers today."""

    on = forms.DateField(label=_("发生日期"), widget=DateInput, required=False)


class PageForm(forms.Form):
    page = forms.IntegerField(label=_("页码"), min_value=1, max_value=MAX_PAGE, required=False)


class CalendarFeedForm(forms.Form):
    """The buttons of the calendar-feed page."""

    action = forms.ChoiceField(
        label=_("操作"),
        choices=[("enable", _("生成订阅地址")), ("regenerate", _("重新生成")), ("revoke", _("停用订阅"))],
    )


class ExportForm(forms.Form):
    """``?export=xlsx`` on a list page: the rows it shows (all pages, same filters) as a
    spreadsheet."""

    export = forms.ChoiceField(label=_("导出"), choices=[("", ""), ("xlsx", _("Excel 表格"))], required=False)


def export_wanted(request) -> bool | None:
    """Whether the page is asked for as a spreadsheet; None for a value no page offers
    (the caller answers 400 with ``bad_request(request, ExportForm(request.GET))``)."""
    form = ExportForm(request.GET)
    if not form.is_valid():
        return None
    return form.cleaned_data["export"] == "xlsx"


# How much of a value a message may quote: a hostile 10,000-character value is shown
# as its first characters and "…", never whole.
EXCERPT_CHARS = 40


def excerpt(value, limit: int = EXCERPT_CHARS) -> str:
    """``value`` as a message may quote it: control characters (NUL, line breaks)
    removed, cut to ``limit`` characters and "…"."""
    text = "".join(char for char in str(value) if char.isprintable())
    return text if len(text) <= limit else text[:limit] + "…"


def _messages(error) -> list[str]:
    """The sentences of one ``ValidationError``, each value it quotes (its params)
    shortened by ``excerpt``."""
    out = []
    for one in error.error_list:
        message = one.message
        if one.params:
            params = one.params
            if isinstance(params, dict):
                params = {key: excerpt(value) if isinstance(value, str) else value for key, value in params.items()}
            message = message % params
        out.append(excerpt(message, limit=200))
    return out


def form_errors(form: forms.BaseForm) -> list[str]:
    """Each error of ``form`` as one sentence, prefixed with its field's label (unless
    the sentence already starts with it: "投资项目代码格式应为…" needs no "投资项目代码："),
    a value it quotes cut short (``excerpt``)."""
    out = []
    for name, errors in form.errors.as_data().items():
        label = str(form.fields[name].label or "") if name in form.fields else ""
        for error in errors:
            out += [f"{label}：{text}" if label and not text.startswith(label) else text for text in _messages(error)]
    return out


def bad_request(request, form: forms.BaseForm, *, back: str = ""):
    """A query string the page cannot read: 400, with what was wrong, in words."""
    return render(request, "400.html", {"errors": form_errors(form), "back": back or request.path}, status=400)


# What was typed into a refused form, kept for the page the user is sent back to.
_KEPT = "kept_input"


def input_keep(request) -> None:
    """Remember the refused post (its address and values, not its files) for the
    next page, so the user corrects what they typed instead of typing it again."""
    data = {name: values for name, values in request.POST.lists() if name != "csrfmiddlewaretoken"}
    request.session[_KEPT] = {"action": request.path, "data": data}


def input_kept(request) -> dict:
    """The refused post kept by ``input_keep`` (once), with ``values``: each field's
    last value, for templates that write the inputs by hand."""
    kept = request.session.pop(_KEPT, None) if hasattr(request, "session") else None
    if not kept:
        return {}
    return {**kept, "values": {name: values[-1] for name, values in kept["data"].items() if values}}


def kept_form(kept: dict, action: str, form_class, *, initial=None, **kwargs):
    """``form_class`` bound to what was typed if the refused post went to ``action``
    (so it shows the values and the errors beside the fields), else a fresh one."""
    if kept.get("action") == action:
        data = QueryDict(mutable=True)
        for name, values in kept["data"].items():
            data.setlist(name, values)
        return form_class(data, **kwargs)
    return form_class(initial=initial, **kwargs)
