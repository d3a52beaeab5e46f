"""The thread's one action: send a message from the case page."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.pages import page_act
from projects.cases.selectors import cases_visible_to
from projects.portal.threads.forms import MessageForm
from projects.portal.threads.services import message_send


@require_POST
def case_message(request, pk: int):
    if not request.user.is_authenticated:
        raise PermissionDenied
    case = get_object_or_404(cases_visible_to(request.user).select_related("agent", "enterprise"), pk=pk)

    def run(data):
        message_send(case=case, body=data["body"], by=request.user)
        return _("留言已发送")

    back = reverse("projects:case_detail", args=[case.pk]) + "#thread"
    return page_act(request, run, form=MessageForm(request.POST), back=back)
