"""The public status lookup (no account) and the agent's button that regenerates the
verification code."""

import hmac

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.core import is_ratelimited

from crm.accounts.roles import Role, has_role
from crm.pages import page_act
from projects.investment.selectors import projects_visible_to
from projects.models import VERIFICATION_LENGTH, staff_on_project
from projects.portal.status.errors import StatusLookupError
from projects.portal.status.forms import CODE_MAX, VERIFY_MAX, LookupForm
from projects.portal.status.selectors import status_lookup
from projects.portal.status.services import status_lookup_count, verification_code_regenerate

TEMPLATE = "projects/portal/status/lookup.html"
ANSWER_TEMPLATE = "projects/portal/status/_answer.html"
# Compared with a code that does not exist, so an unknown project takes as long as a wrong code.
_NO_CODE = "-" * VERIFICATION_LENGTH


def _limited(request, code: str) -> bool:
    """Count this attempt per client address and per project code (as typed: an unknown
    or malformed code is counted like a real one). The counters are django-ratelimit's,
    in the cache, under hashed keys: no address or code is stored in the clear."""
    by_address = is_ratelimited(
        request,
        group="status.lookup.address",
        key="ip",
        rate=lambda group, request: settings.STATUS_LOOKUP_RATE_PER_ADDRESS,
        increment=True,
    )
    by_code = is_ratelimited(
        request,
        group="status.lookup.code",
        key=lambda group, request: code,
        rate=lambda group, request: settings.STATUS_LOOKUP_RATE_PER_CODE,
        increment=True,
    )
    return by_address or by_code


def _page_html(*, answer_html: str = "", error: str = "") -> str:
    """The page, its form always empty (nothing typed comes back: every wrong pair must
    read the same). It depends on nothing of the request (no user, no session, no CSRF
    token, no script needing a nonce): a good pair's whole page can be cached."""
    context = {"answer_html": answer_html, "error": error, "code_max": CODE_MAX, "verify_max": VERIFY_MAX}
    return render_to_string(TEMPLATE, context)


def _page(*, error: str = "", status: int = 200) -> HttpResponse:
    return HttpResponse(_page_html(error=error), status=status)


def _answer_page(answer) -> str:
    """A good pair's page as sent, cached with the answer (rendering it is most of the
    request's cost when the answer is cached)."""
    return _page_html(answer_html=render_to_string(ANSWER_TEMPLATE, {"answer": answer}))


@require_GET
def lookup(request):
    """The form; with ``?code=&verify=`` (the card's QR link, or the form sent) the status
    at once. Every wrong pair gets the same page: the empty form and one sentence."""
    if "code" not in request.GET and "verify" not in request.GET:
        return _page()
    form = LookupForm(request.GET)
    typed_code = str(request.GET.get("code", "")).strip()[:100]
    if _limited(request, typed_code):
        return _page(error=StatusLookupError.LIMITED.label, status=429)
    # The good pair's page is cached with the project's verification code (per language):
    # rendering it is most of the request's cost, and a good pair then asks the database nothing.
    found = (
        status_lookup(
            form.cleaned_data["code"],
            timezone.localdate(),
            shown=_answer_page,
            variant=translation.get_language() or "",
        )
        if form.is_valid()
        else None
    )
    stored_code = found.verification_code if found else _NO_CODE
    given = form.cleaned_data["verify"] if form.is_valid() else ""
    if not hmac.compare_digest(stored_code.encode(), given.encode()) or found is None:
        return _page(error=StatusLookupError.WRONG_PAIR.label)
    status_lookup_count(project_pk=found.project_pk)
    return HttpResponse(found.shown)


@require_POST
def verification_code_renew(request, pk: int):
    """An agent or supervisor who may act on the project gives it a new verification
    code (the page asked to confirm that the printed cards stop working)."""
    if not has_role(request.user, Role.AGENT, Role.SUPERVISOR, Role.ADMINISTRATOR):
        raise PermissionDenied
    project = get_object_or_404(projects_visible_to(request.user), pk=pk)
    if not staff_on_project(project, request.user):
        raise PermissionDenied

    def run():
        verification_code_regenerate(project=project, by=request.user)
        return _("已生成新的查询验证码：原联系卡上的二维码和链接已失效，请重新打印企业联系卡。")

    return page_act(request, run, back=reverse("projects:project_detail", args=[project.pk]))
