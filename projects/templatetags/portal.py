"""The enterprise-side sections of the case page (access list, message thread): the
page belongs to the cases topic, below the portal, so they come through these tags."""

from django import template
from django.urls import reverse

from crm.forms import input_kept, kept_form
from projects.models import case_side
from projects.portal.access.forms import InviteForm
from projects.portal.access.selectors import access_rows
from projects.portal.threads.forms import MessageForm
from projects.portal.threads.selectors import thread_of
from projects.portal.threads.services import thread_mark_read

register = template.Library()


def _kept(context) -> dict:
    """What a refused form typed: the case page may have taken it already."""
    return context.get("kept") or input_kept(context["request"])


@register.inclusion_tag("projects/portal/_access_list.html", takes_context=True)
def case_access_section(context, case):
    """Who of the case's enterprise has access, and the agent's invite form."""
    action = reverse("projects:case_invite", args=[case.pk])
    return {
        "case": case,
        "rows": access_rows(case.enterprise_id),
        "invite_form": kept_form(_kept(context), action, InviteForm, enterprise_id=case.enterprise_id),
        "invite_action": action,
        "csrf_token": context.get("csrf_token"),
        "user": context.get("user"),
    }


@register.inclusion_tag("projects/portal/_thread_section.html", takes_context=True)
def case_thread_section(context, case):
    """The case's messages, newest last, and the form to write; opening the page marks
    the other side's messages read."""
    user = context["request"].user
    side = case_side(case, user)
    thread_mark_read(case=case, by=user)
    action = reverse("projects:case_message", args=[case.pk])
    return {
        "case": case,
        "messages_of_case": list(thread_of(case)),
        "side": side,
        "form": kept_form(_kept(context), action, MessageForm),
        "action": action,
        "csrf_token": context.get("csrf_token"),
    }
