import qrcode
import qrcode.constants
from django.contrib.auth.views import redirect_to_login
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from qrcode.image.svg import SvgPathImage

from crm.accounts.roles import Role, role_required
from crm.forms import input_kept
from crm.links import absolute_url
from crm.pages import page_act
from projects.models import (
    RATING_DIMENSIONS,
    Callback,
    CallbackOutcome,
    CallbackState,
    RatingLevel,
    deadline_level,
    working_days_left,
)
from projects.public_status import status_path
from projects.ratings.actions import CALLBACK_ACTIONS
from projects.ratings.forms import CallForm, CloseForm, RatingForm, RectificationForm
from projects.ratings.selectors import (
    callback_rows,
    callbacks_visible_to,
    cases_of_own_enterprise,
    cases_to_rate,
    contact_card_of,
    enterprises_card_visible_to,
    figure_centres_of,
    rating_figures,
)
from projects.ratings.services import case_rate

CLOSED_SHOWN = 50


@role_required(Role.ENTERPRISE)
def enterprise_ratings(request):
    contact = getattr(request.user, "enterprise_contact", None)
    if contact is None:  # the role without a contact record: nothing of theirs to rate
        raise Http404
    # With each case's callbacks: the enterprise sees when it was called, what was put right and the result.
    callbacks = Prefetch("callbacks", queryset=Callback.objects.select_related("assigned_to__user").order_by("pk"))
    cases = list(cases_to_rate(request.user).prefetch_related(callbacks))
    for case in cases:
        case.existing_rating = getattr(case, "rating", None)
    return render(
        request,
        "projects/ratings/enterprise_ratings.html",
        {
            "enterprise": contact.enterprise,
            "cases": cases,
            "levels": RatingLevel.choices,
            "dimensions": RATING_DIMENSIONS,
            "kept": input_kept(request),  # a refused form comes back with what was typed
        },
    )


@require_POST
def rating_submit(request, case_pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("projects:enterprise_ratings"))
    case = get_object_or_404(cases_of_own_enterprise(request.user), pk=case_pk)
    form = RatingForm(request.POST)

    def run(data):
        rating = case_rate(
            case=case, level=data["level"], dimensions=form.dimensions(), comment=data["comment"], by=request.user
        )
        if rating.is_unsatisfied():
            return _("感谢您的评价。代办中心负责人将与您电话联系，了解情况并整改。")
        return _("感谢您的评价。")

    return page_act(request, run, form=form, back=reverse("projects:enterprise_ratings"))


@role_required(Role.SUPERVISOR, Role.ADMINISTRATOR, Role.AGENT)
def callbacks(request):
    today = timezone.localdate()
    visible = callback_rows(callbacks_visible_to(request.user))
    open_rows = list(visible.exclude(state=CallbackState.CLOSED))
    for callback in open_rows:
        callback.level = deadline_level(callback, today)
        callback.days_left = working_days_left(callback, today)
        callback.overdue_days = -callback.days_left if callback.days_left < 0 else 0
    closed_rows = list(visible.filter(state=CallbackState.CLOSED).order_by("-closed_on", "-pk")[:CLOSED_SHOWN])
    profile = getattr(request.user, "agent_profile", None)
    return render(
        request,
        "projects/ratings/callbacks.html",
        {
            "centre": profile.centre if profile else None,
            "open_rows": open_rows,
            "closed_rows": closed_rows,
            "figures": rating_figures(figure_centres_of(request.user), today=today),
            "levels": RatingLevel,
            "outcomes": CallbackOutcome.choices,
            "call_form": CallForm(initial={"on": today}),
            "rectification_form": RectificationForm(initial={"on": today}),
            "close_form": CloseForm(initial={"on": today}),
            "kept": input_kept(request),  # a refused form comes back with what was typed
            "today": today,
        },
    )


def _callback_act(request, pk: int, name: str):
    """One action of ``CALLBACK_ACTIONS`` on a callback, from the callbacks page."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("projects:callbacks"))
    callback = get_object_or_404(callback_rows(callbacks_visible_to(request.user)), pk=pk)
    action = CALLBACK_ACTIONS[name]
    return page_act(
        request,
        lambda data: action.perform({"callback": callback}, data, request.user),
        form=action.form(request.POST),
        back=f"{reverse('projects:callbacks')}#callback-{callback.pk}",
    )


@require_POST
def callback_call(request, pk: int):
    return _callback_act(request, pk, "call")


@require_POST
def callback_rectification(request, pk: int):
    return _callback_act(request, pk, "rectification")


@require_POST
def callback_close(request, pk: int):
    return _callback_act(request, pk, "close")


def enterprise_status_url(request) -> str:
    """Where a card leads while the enterprise has no project yet: its contacts' own page
    (they sign in), absolute (a phone camera has no base URL)."""
    return absolute_url(reverse("projects:enterprise_home"), request)


def project_status_links(request, enterprise) -> list[dict]:
    """Each project of the enterprise with its public status link (project code and
    verification code, absolute) and that link as a QR code."""
    links = []
    for project in enterprise.projects.order_by("name", "pk"):
        url = absolute_url(status_path(project), request)
        links.append({"project": project, "url": url, "qr": qr_svg(url)})
    return links


def qr_svg(text: str) -> SafeString:
    """``text`` as a QR code, an inline SVG (vector: sharp in print, no Pillow)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, image_factory=SvgPathImage)
    code.add_data(text)
    code.make(fit=True)
    svg = code.make_image().to_string(encoding="unicode")
    # The library writes only path data from ``text``, never the text itself.
    return mark_safe(svg)


def contact_card(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    enterprise = get_object_or_404(
        enterprises_card_visible_to(request.user).select_related("assigned_agent__user", "assigned_agent__centre"),
        pk=pk,
    )
    return render(
        request,
        "projects/contact_card/card.html",
        {
            **contact_card_of(enterprise),
            "status_links": project_status_links(request, enterprise),
            "home_url": enterprise_status_url(request),
        },
    )
