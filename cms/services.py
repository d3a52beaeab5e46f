"""The public site's one write: a visitor asks an agent to contact them."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from agents.models import ProxyAgent
from cms.events import SiteEvent
from cms.models.contact import ContactRequest
from crm.audit.services import audit_record
from crm.notifications.models import NotificationKind
from crm.notifications.services import notify


def contact_request_record(
    *, agent: ProxyAgent, enterprise_name: str, contact_name: str, phone: str, plan: str
) -> ContactRequest:
    """A first contact owned by ``agent`` (首问负责制); the agent is told at once."""
    with transaction.atomic():
        request = ContactRequest.objects.create(
            agent=agent, enterprise_name=enterprise_name, contact_name=contact_name, phone=phone, plan=plan
        )
        audit_record(
            subject=request,
            actor=None,
            event=SiteEvent.CONTACT_REQUESTED,
            after={"agent": str(agent), "enterprise_name": enterprise_name, "contact_name": contact_name},
        )
        notify(
            key=f"contact-request-{request.pk}",
            recipient_id=agent.user_id,
            kind=NotificationKind.RECEIPT,
            title=_("门户网站：%(enterprise)s 请您联系") % {"enterprise": enterprise_name},
            body=_("联系人：%(contact)s，电话：%(phone)s。拟办事项：%(plan)s")
            % {"contact": contact_name, "phone": phone, "plan": plan},
            url=reverse("projects:case_new"),
        )
    return request
