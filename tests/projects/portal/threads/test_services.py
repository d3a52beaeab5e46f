"""A case's thread: who may write, who is told (outbox rows), audit and read state."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from crm.audit.models import AuditEntry
from crm.models import Notification
from projects.models import CaseMessage
from projects.portal.threads.services import message_send, thread_mark_read
from tests.factories import EnterpriseContactFactory

pytestmark = pytest.mark.django_db


def test_the_enterprise_writes_to_the_agent(world, own_case):
    own = world.users["enterprise1"]
    EnterpriseContactFactory(enterprise=own_case.enterprise, user__username="colleague")
    message = message_send(case=own_case, body="  营业执照副本明天送到  ", by=own)
    assert (message.body, message.from_enterprise, message.author_role) == ("营业执照副本明天送到", True, "enterprise")
    assert message.author_label == f"企业 {own}"
    assert AuditEntry.objects.filter(event="thread.sent", subject_id=str(message.pk), actor=own).exists()
    notes = Notification.objects.filter(key__startswith=f"message-{message.pk}-")
    assert [n.recipient for n in notes] == [world.users["agent1"]]  # the agent, not the colleague
    assert notes[0].url == f"/projects/cases/{own_case.pk}/#thread" and "营业执照" in notes[0].body
    assert notes[0].deliveries.exists()


def test_the_agent_answers_every_contact_with_an_account(world, own_case):
    agent = world.users["agent1"]
    colleague = EnterpriseContactFactory(enterprise=own_case.enterprise, user__username="colleague").user
    EnterpriseContactFactory(enterprise=own_case.enterprise, user=None)  # no account: not told
    switched_off = EnterpriseContactFactory(enterprise=own_case.enterprise, user__username="gone").user
    switched_off.is_active = False
    switched_off.save()
    message = message_send(case=own_case, body="收到，谢谢", by=agent)
    assert message.author_label == f"代办员 {agent}" and not message.from_enterprise
    recipients = set(
        Notification.objects.filter(key__startswith=f"message-{message.pk}-").values_list("recipient", flat=True)
    )
    assert recipients == {world.users["enterprise1"].pk, colleague.pk}


def test_the_supervisor_writes_as_supervisor(world, own_case):
    message = message_send(case=own_case, body="已督办", by=world.users["supervisor"])
    assert message.author_label.startswith("代办中心负责人 ")


def test_read_state_per_side(world, own_case):
    sent = message_send(case=own_case, body="请问进度", by=world.users["enterprise1"])
    assert thread_mark_read(case=own_case, by=world.users["enterprise1"]) == 0  # one's own are not "read"
    assert thread_mark_read(case=own_case, by=world.users["supervisor"]) == 0  # looking in is not reading
    assert thread_mark_read(case=own_case, by=world.users["agent1"]) == 1
    sent.refresh_from_db()
    assert sent.read_at is not None


def test_refusals(world, own_case):
    with pytest.raises(ValidationError, match="请填写留言内容"):
        message_send(case=own_case, body="   ", by=world.users["agent1"])
    with pytest.raises(ValidationError):
        message_send(case=own_case, body="长" * 2001, by=world.users["agent1"])
    for outsider in ("agent2", "supervisor_b", "zone_a", "nobody", "editor"):
        with pytest.raises(PermissionDenied):
            message_send(case=own_case, body="你好", by=world.users[outsider])
    other = EnterpriseContactFactory(enterprise=world.other_project.enterprise, user__username="other_ent").user
    with pytest.raises(PermissionDenied):
        message_send(case=own_case, body="你好", by=other)
    assert not CaseMessage.objects.exists()


def test_a_message_refreshes_the_pages_that_show_the_case(world, own_case):
    from crm.live.services import case_group, enterprise_group
    from projects.live import live_groups_of

    message = message_send(case=own_case, body="请问进度", by=world.users["enterprise1"])
    assert {case_group(own_case.pk), enterprise_group(own_case.enterprise_id)} <= live_groups_of(message)
