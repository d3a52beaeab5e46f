from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from crm.documents import pdf_of_frozen_html
from crm.links import site_url
from crm.pages import Done, page_act
from crm.uploads import file_response
from projects.models import MaterialRequirement, NoticeKind, case_side
from projects.notice import services as notice_services
from projects.notice.forms import NoticeSupplementForm
from projects.notice.selectors import cases_for_notice, notice_content, notice_current, notices_of
from projects.notice.services import notice_supplement_issue


def _case_or_404(request, case_pk: int, *, staff_only: bool = False):
    """The case and who the user is to it (see ``case_side``). Contacts of the
    enterprise know the case, so they are refused plainly (403) where only staff may
    act; anybody else is told nothing (404)."""
    case = get_object_or_404(cases_for_notice(), pk=case_pk)
    viewer = case_side(case, request.user)
    if viewer is None:
        raise Http404
    if staff_only and viewer != "staff":
        raise PermissionDenied
    return case, viewer


def _signed_in(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


@_signed_in
@require_GET
def notice_page(request, case_pk: int):
    """Staff: the notice as it would be issued now (or, once issued, the supplement
    that new items would need) and the button to issue it. Enterprise contacts: the
    notices issued to them."""
    case, viewer = _case_or_404(request, case_pk)
    return _render_page(request, case, viewer, NoticeSupplementForm())


def _render_page(request, case, viewer, supplement_form, *, status: int = 200):
    notices = notices_of(case)
    context = {
        "case": case,
        "notices": notices,
        "is_staff": viewer == "staff",
        "preview": None,
        "supplement_form": supplement_form,
    }
    if viewer == "staff":
        if notices:
            supplement = notice_content(case, supplement=True)
            context["preview"] = supplement if supplement["items"] else None
            context["current"] = notice_current(notices)
        else:
            context["preview"] = notice_content(case)
    return render(request, "projects/notice/notice_page.html", context, status=status)


def _issue(request, case_pk: int, issue):
    case, _viewer = _case_or_404(request, case_pk, staff_only=True)

    def run():
        notice = issue(case)
        return Done(
            _("已出具%(kind)s，编号%(number)s") % {"kind": notice.get_kind_display(), "number": notice.number},
            to=reverse("projects:notice_detail", args=[case.pk, notice.pk]),
        )

    return page_act(request, run, back=reverse("projects:notice_page", args=[case.pk]), keep=False)


@_signed_in
@require_POST
def notice_issue(request, case_pk: int):
    return _issue(request, case_pk, lambda case: notice_services.notice_issue(case=case, by=request.user))


@_signed_in
@require_POST
def notice_supplement(request, case_pk: int):
    form = NoticeSupplementForm(request.POST)
    if not form.is_valid():  # the page again, with what was typed and why it was refused
        case, viewer = _case_or_404(request, case_pk, staff_only=True)
        return _render_page(request, case, viewer, form, status=400)
    return _issue(
        request,
        case_pk,
        lambda case: notice_supplement_issue(case=case, reason=form.cleaned_data["reason"], by=request.user),
    )


def _notice(request, case_pk: int, notice_pk: int):
    case, viewer = _case_or_404(request, case_pk)
    notice = get_object_or_404(case.notices.select_related("issued_by"), pk=notice_pk)
    return case, viewer, notice


def _document_context(notice, *, link_base: str = "") -> dict:
    """Everything the printed notice shows comes from the frozen content."""
    return {
        "c": notice.content,
        "number": notice.number,
        "is_supplement": notice.kind == NoticeKind.SUPPLEMENT,
        "link_base": link_base,
    }


@_signed_in
@require_GET
def notice_detail(request, case_pk: int, notice_pk: int):
    case, viewer, notice = _notice(request, case_pk, notice_pk)
    context = {"case": case, "notice": notice, "is_staff": viewer == "staff", **_document_context(notice)}
    return render(request, "projects/notice/notice_detail.html", context)


@_signed_in
@require_GET
def notice_pdf(request, case_pk: int, notice_pk: int):
    _case, _viewer, notice = _notice(request, case_pk, notice_pk)
    html = render_to_string(
        "projects/notice/notice_pdf.html",
        _document_context(notice, link_base=site_url(request)),
    )  # no request: nothing of it (a CSP nonce) may change the frozen document's HTML
    pdf = pdf_of_frozen_html(html)  # frozen content: made once, kept
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"一次性告知书-{notice.number}.pdf"
    )
    return response


@require_GET
def form_template(request, pk: int):
    """A material's blank form (表单模板): public, as the notice tells every enterprise
    to fetch it; served like any upload (type by content, never run on this origin)."""
    requirement = get_object_or_404(MaterialRequirement.objects.exclude(form_template=""), pk=pk)
    return file_response(requirement.form_template, download_name=requirement.form_template_name)


@require_GET
def form_template_by_name(request, name: str):
    """The address notices issued before templates moved carry (/media/forms/<name>,
    redirected here): the same file and checks, found by its stored name."""
    if "\x00" in name:  # no stored name holds one (and PostgreSQL refuses it in a query)
        raise Http404
    requirement = MaterialRequirement.objects.filter(form_template=f"forms/{name}").order_by("pk").first()
    if requirement is None:
        raise Http404
    return file_response(requirement.form_template, download_name=requirement.form_template_name)
