"""The public site's one write: a visitor asks an agent to contact them."""

import datetime as dt
import re

from django.db import transaction
from django.utils import timezone

from agents.models import ProxyAgent
from cms.events import SiteEvent
from cms.models.contact import ContactRequest
from crm.audit.services import audit_record
from projects.cases.services import case_open_from_site

# A second request from the same phone to the same agent within this time is the first one again.
CONTACT_REPEAT_WINDOW = dt.timedelta(hours=24)


def phone_digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)


def contact_request_record(
    *, agent: ProxyAgent, enterprise_name: str, contact_name: str, phone: str, plan: str
) -> tuple[ContactRequest, bool]:
    """A first contact owned by ``agent`` (首问负责制): a case at intake for the agent,
    who is told at once (projects.cases.services.case_open_from_site), and the request
    that led to it. The same phone asking the same agent again within 24 hours gets the
    request it made (``created`` False), not a second case."""
    with transaction.atomic():
        # One request at a time per agent: two quick submissions make one case.
        agent = ProxyAgent.objects.select_for_update().select_related("user", "centre").get(pk=agent.pk)
        recent = ContactRequest.objects.filter(
            agent=agent, created_at__gte=timezone.now() - CONTACT_REPEAT_WINDOW
        ).order_by("-created_at")
        for earlier in recent:
            if phone_digits(earlier.phone) == phone_digits(phone):
                return earlier, False
        case = case_open_from_site(
            agent=agent, enterprise_name=enterprise_name, contact_name=contact_name, phone=phone, plan=plan
        )
        request = ContactRequest.objects.create(
            agent=agent,
            case=case,
            enterprise_name=enterprise_name,
            contact_name=contact_name,
            phone=phone,
            plan=plan,
        )
        audit_record(
            subject=request,
            actor=None,
            event=SiteEvent.CONTACT_REQUESTED,
            after={
                "agent": str(agent),
                "case": case.number,
                "enterprise_name": enterprise_name,
                "contact_name": contact_name,
            },
        )
    return request, True
