"""Pages of enterprise access: the invitation link (anonymous), the enterprise's
“账号与权限” page, and the agent's invite and revoke on the case page."""

from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.accounts.roles import Role, role_required
from crm.forms import input_kept, kept_form
from crm.pages import page_act
from projects.cases.selectors import cases_visible_to
from projects.models import EnterpriseContact, staff_on_case
from projects.portal.access.forms import InviteForm, PasswordSetForm
from projects.portal.access.selectors import access_rows, contact_required, invitation_pending
from projects.portal.access.services import access_revoke, invitation_accept, invitation_send

# The link page signs the person in itself; django-axes' backend needs the request
# of a password check, and none is made here.
SIGN_IN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _invite(request, enterprise, back: str):
    form = InviteForm(request.POST, enterprise_id=enterprise.pk)

    def run(data):
        invitation, _token = invitation_send(
            enterprise=enterprise,
            by=request.user,
            contact=data["contact"],
            name=data["name"],
            position=data["position"],
            phone=data["phone"],
            email=data["email"],
        )
        return _("已向%(name)s发送邀请链接（7天内有效）") % {"name": invitation.contact.name}

    return page_act(request, run, form=form, back=back)


def _revoke(request, contact, back: str):
    def run():
        access_revoke(contact=contact, by=request.user)
        return _("已撤销%(name)s的账号权限或邀请") % {"name": contact.name}

    return page_act(request, run, back=back)


# --- the enterprise's own page ------------------------------------------------------------


@role_required(Role.ENTERPRISE)
def enterprise_access(request):
    contact = contact_required(request.user)
    kept = input_kept(request)
    action = reverse("projects:access_invite")
    return render(
        request,
        "projects/portal/access_page.html",
        {
            "enterprise": contact.enterprise,
            "contact": contact,
            "rows": access_rows(contact.enterprise_id),
            "invite_form": kept_form(kept, action, InviteForm, enterprise_id=contact.enterprise_id),
            "invite_action": action,
            "revoke_url_name": "projects:access_revoke",
            "for_enterprise": True,
        },
    )


@require_POST
@role_required(Role.ENTERPRISE)
def access_invite(request):
    contact = contact_required(request.user)
    return _invite(request, contact.enterprise, reverse("projects:enterprise_access"))


@require_POST
@role_required(Role.ENTERPRISE)
def access_revoke_view(request, contact_pk: int):
    own = contact_required(request.user)
    colleague = get_object_or_404(
        EnterpriseContact.objects.select_related("user"), pk=contact_pk, enterprise_id=own.enterprise_id
    )
    return _revoke(request, colleague, reverse("projects:enterprise_access"))


# --- the agent's, on the case page ----------------------------------------------------------


def _staff_case(request, pk: int):
    if not request.user.is_authenticated:
        raise PermissionDenied
    case = get_object_or_404(cases_visible_to(request.user).select_related("agent__centre", "enterprise"), pk=pk)
    if not staff_on_case(case, request.user):
        raise PermissionDenied
    return case


@require_POST
def case_invite(request, pk: int):
    case = _staff_case(request, pk)
    return _invite(request, case.enterprise, reverse("projects:case_detail", args=[case.pk]) + "#access")


@require_POST
def case_access_revoke(request, pk: int, contact_pk: int):
    case = _staff_case(request, pk)
    contact = get_object_or_404(
        EnterpriseContact.objects.select_related("user"), pk=contact_pk, enterprise_id=case.enterprise_id
    )
    return _revoke(request, contact, reverse("projects:case_detail", args=[case.pk]) + "#access")


# --- the link -------------------------------------------------------------------------------


def invitation_accept_view(request, token: str):
    invitation = invitation_pending(token)
    if invitation is None:
        return render(request, "projects/portal/invitation_invalid.html")
    user = invitation.contact.user
    form = PasswordSetForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(invitation=invitation, password=form.cleaned_data["new_password1"])
        except ValidationError:  # used a moment ago, in another tab
            return render(request, "projects/portal/invitation_invalid.html")
        login(request, user, backend=SIGN_IN_BACKEND)
        return redirect("projects:enterprise_home")
    return render(
        request, "projects/portal/invitation_accept.html", {"invitation": invitation, "form": form, "invitee": user}
    )
