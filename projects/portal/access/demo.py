"""The enterprise side of the demo, played through the services: the contact of the
first demo enterprise with an account has invited a colleague (the link is pending),
and one of that enterprise's cases has a short thread both ways."""

import datetime as dt

from projects.models import CaseMessage, EnterpriseContact, ProxyCase
from projects.portal.access.services import invitation_send
from projects.portal.threads.services import message_send

DEMO_ENTERPRISE = "盐城高新区新能源科技有限公司"
DEMO_COLLEAGUE = "黄敏"
DEMO_THREAD = (
    ("enterprise", "您好，环评报告我们下周一能送到代办中心，需要盖公章的原件还是复印件？"),
    ("agent", "周经理您好，请带盖章原件一份，我们当天帮您提交。到了给我打电话。"),
    ("enterprise", "好的，谢谢！"),
)


def access_demo(today: dt.date) -> int:
    """Once: returns how many rows it played (0 on a second run)."""
    played = 0
    colleague = EnterpriseContact.objects.filter(
        enterprise__name=DEMO_ENTERPRISE, name=DEMO_COLLEAGUE, user__isnull=True
    ).first()
    inviter = (
        EnterpriseContact.objects.filter(enterprise__name=DEMO_ENTERPRISE, user__is_active=True)
        .select_related("user", "enterprise")
        .first()
    )
    if colleague is not None and inviter is not None:
        invitation_send(enterprise=inviter.enterprise, by=inviter.user, contact=colleague)
        played += 1
    case = (
        ProxyCase.objects.filter(enterprise__name=DEMO_ENTERPRISE).select_related("agent__user").order_by("pk").first()
    )
    if (
        inviter is not None
        and case is not None
        and case.agent is not None
        and not CaseMessage.objects.filter(case=case).exists()
    ):
        for side, body in DEMO_THREAD:
            message_send(case=case, body=body, by=inviter.user if side == "enterprise" else case.agent.user)
            played += 1
    return played
