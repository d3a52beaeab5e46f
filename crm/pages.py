"""How a page runs a service: read the form, call the service, and answer with a
redirect carrying the outcome as a message — the service's refusal in its own
words, or what was done. Every page that acts on a record goes through
``page_act``, so a refusal reads the same everywhere and what was typed comes back."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from crm.forms import form_errors, input_keep
from crm.fsm import CONCURRENT_CHANGE


@dataclass(frozen=True)
class Done:
    """What a service's success shows: its message (none if empty: nothing was done),
    and where to go if not back."""

    message: str
    to: str | None = None


def form_valid_data(form: forms.BaseForm, refused: str | None = None) -> dict:
    """The cleaned data of ``form``, or a ValidationError with each of its errors
    (``form_errors``), or with the one sentence ``refused`` if the page has one."""
    if not form.is_valid():
        raise ValidationError(refused if refused is not None else form_errors(form))
    return form.cleaned_data


def page_act(
    request,
    run: Callable[..., Any],
    *,
    back: str,
    form: forms.BaseForm | None = None,
    refused: str | None = None,
    keep: bool = True,
) -> Any:
    """Validate ``form`` (if given), then ``run(data)`` (``run()`` without a form),
    and redirect to ``back``.

    A refusal — the form's errors (or the page's own sentence ``refused``), a
    ValidationError from the service, a transition someone else made first — becomes
    error messages, with what was typed kept for the page (unless ``keep`` is off).
    PermissionDenied is not a refusal to explain: it answers 403, as before the
    service ran. On success ``run`` returns the message (a string), a ``Done``
    (message and where to go), or nothing (“已保存”)."""
    try:
        if form is None:
            outcome = run()
        else:
            outcome = run(form_valid_data(form, refused))
    except (ValidationError, ConcurrentTransition) as error:
        if keep:
            input_keep(request)
        for message in error.messages if isinstance(error, ValidationError) else [str(CONCURRENT_CHANGE)]:
            messages.error(request, message)
        return redirect(back)
    if isinstance(outcome, Done):
        if outcome.message:
            messages.success(request, outcome.message)
        return redirect(outcome.to or back)
    messages.success(request, outcome if isinstance(outcome, str) and outcome else _("已保存"))
    return redirect(back)
