"""The demo shows the enterprise side: a colleague's invitation pending, a case's thread
both ways; a second run adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from projects.models import CaseMessage, Invitation
from projects.portal.access.demo import DEMO_COLLEAGUE, DEMO_ENTERPRISE, DEMO_THREAD

pytestmark = pytest.mark.django_db


def test_the_demo_plays_an_invitation_and_a_thread():
    call_command("demo", stdout=StringIO())
    invitation = Invitation.objects.get(contact__name=DEMO_COLLEAGUE, contact__enterprise__name=DEMO_ENTERPRISE)
    assert invitation.state == "pending" and invitation.invited_by.username == "enterprise1"
    thread = list(CaseMessage.objects.filter(case__enterprise__name=DEMO_ENTERPRISE).order_by("pk"))
    assert [m.from_enterprise for m in thread] == [side == "enterprise" for side, _body in DEMO_THREAD]
    call_command("demo", stdout=StringIO())
    assert Invitation.objects.count() == 1 and CaseMessage.objects.count() == len(DEMO_THREAD)
