"""Confirming receipt of a delivered result: its effects, its refusals, its scope."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crm.audit.models import AuditEntry
from crm.models import Notification, NotificationKind
from projects.models import ProjectItem
from projects.portal.selectors import trip_figures
from projects.portal.services import item_receipt_confirm

pytestmark = pytest.mark.django_db


def test_confirming_records_who_and_when_audits_notifies_the_agent_and_sets_the_trips(portal_world):
    w = portal_world
    own_items = ProjectItem.objects.filter(case__enterprise=w.enterprise)
    assert trip_figures(own_items) == trip_figures(own_items).__class__(delivered=1, zero=1, one=0)
    before = Notification.objects.count()

    item_receipt_confirm(item=w.item, trips=1, by=w.contact.user)

    item = ProjectItem.objects.get(pk=w.item.pk)
    today = timezone.localdate()
    assert (item.receipt_confirmed_on, item.receipt_confirmed_by, item.trips) == (today, w.contact.user, 1)
    entry = AuditEntry.objects.get(event="item.receipt_confirmed", subject_id=str(item.pk))
    assert (entry.actor, entry.before, entry.after) == (
        w.contact.user,
        {"trips": 0},
        {"receipt_confirmed_on": today.isoformat(), "trips": 1},
    )
    (notification,) = Notification.objects.order_by("-pk")[: Notification.objects.count() - before]
    assert (notification.recipient, notification.kind, notification.key) == (
        w.agent.user,
        NotificationKind.DELIVERY,
        f"audit-{entry.pk}-{w.agent.user_id}",
    )
    assert "企业已确认收件" in notification.title
    # The one-trip figure follows the enterprise's own answer.
    figures = trip_figures(own_items)
    assert (figures.delivered, figures.zero, figures.one, figures.zero_share, figures.at_most_one_share) == (
        1,
        0,
        1,
        0,
        100,
    )


def test_refusals(portal_world):
    w = portal_world
    with pytest.raises(PermissionDenied):
        item_receipt_confirm(item=w.other_item, trips=0, by=w.contact.user)
    with pytest.raises(PermissionDenied):
        item_receipt_confirm(item=w.item, trips=0, by=w.agent.user)
    with pytest.raises(ValidationError):
        item_receipt_confirm(item=w.item, trips=2, by=w.contact.user)
    item_receipt_confirm(item=w.item, trips=0, by=w.contact.user)
    with pytest.raises(ValidationError, match="已确认收件"):
        item_receipt_confirm(item=w.item, trips=0, by=w.contact.user)
    assert AuditEntry.objects.filter(event="item.receipt_confirmed").count() == 1


def test_an_item_not_yet_delivered_cannot_be_confirmed(portal_world):
    w = portal_world
    ProjectItem.objects.filter(pk=w.item.pk).update(state="approved")
    with pytest.raises(ValidationError, match="尚未送达"):
        item_receipt_confirm(item=ProjectItem.objects.get(pk=w.item.pk), trips=0, by=w.contact.user)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_page_confirms_with_one_button_and_another_enterprises_item_is_a_404(portal_world):
    w = portal_world
    client = _client(w.contact.user)
    url = reverse("projects:item_receipt", args=[w.item.pk])
    assert client.get(url).status_code == 405
    response = client.post(reverse("projects:item_receipt", args=[w.other_item.pk]), {"trips": "0"})
    assert response.status_code == 404
    assert _client(w.agent.user).post(url, {"trips": "0"}).status_code == 403
    response = client.post(url, {"trips": "0", "back": "case"})
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:case_detail", args=[w.case.pk]) + "#deliveries"
    assert ProjectItem.objects.get(pk=w.item.pk).receipt_confirmed_on is not None
    assert ProjectItem.objects.get(pk=w.other_item.pk).receipt_confirmed_on is None


@pytest.mark.parametrize("trips", ["", "2", "NaN", "\x00", "x" * 10_000])
def test_hostile_trips_are_a_message_not_a_change(portal_world, trips):
    w = portal_world
    response = _client(w.contact.user).post(reverse("projects:item_receipt", args=[w.item.pk]), {"trips": trips})
    assert response.status_code == 302
    assert ProjectItem.objects.get(pk=w.item.pk).receipt_confirmed_on is None


def test_the_home_shows_progress_item_waits_deliveries_and_the_notice_not_yet_issued(portal_world):
    w = portal_world
    page = _client(w.contact.user).get(reverse("projects:enterprise_home")).content.decode()
    assert 'data-testid="project-milestones"' in page and "尚未起算" in page
    assert "已送达，待贵企业确认收件" in page
    assert "网端推送（两微一端）" in page and 'data-testid="receipt-form"' in page
    assert f"一次性告知书尚未出具（代办员{w.agent}正在整理所需材料）" in page
    assert reverse("projects:notice_page", args=[w.case.pk]) not in page
    assert reverse("projects:enterprise_ratings") in page
    assert "已送达 1 件：零跑动 1 件，跑一次 0 件" in page


def test_the_case_page_says_whom_each_item_waits_on(portal_world):
    w = portal_world
    page = _client(w.contact.user).get(reverse("projects:case_detail", args=[w.case.pk])).content.decode()
    assert "已送达，待贵企业确认收件" in page and 'data-testid="receipt-form"' in page
    staff_page = _client(w.agent.user).get(reverse("projects:case_detail", args=[w.case.pk])).content.decode()
    assert "已送达，待企业确认收件" in staff_page and 'data-testid="receipt-form"' not in staff_page


def test_the_project_page_reads_as_progress_and_a_plain_timeline_for_the_enterprise(portal_world):
    from projects.investment.services import project_event_record

    w = portal_world
    project_event_record(project=w.project, event="drawings_accepted", by=w.agent.user, on=timezone.localdate())
    page = _client(w.contact.user).get(reverse("projects:project_detail", args=[w.project.pk])).content.decode()
    assert '<progress class="bar tone-on-track"' in page and "按时推进" in page
    start = page.index('data-testid="timeline"')
    timeline = page[start : page.index("</ol>", start)]
    assert "开始计时" in timeline
    assert "milestone." not in page and "drawing_review" not in timeline


def test_the_home_reads_a_fixed_number_of_queries_however_many_cases_and_items(portal_world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from projects.cases.services import case_items_choose, case_open
    from tests.factories import ApprovalItemFactory
    from tests.projects.ratings.scenario import closed_case

    w = portal_world
    client = _client(w.contact.user)
    url = reverse("projects:enterprise_home")
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    closed_case(agent=w.agent, enterprise=w.enterprise)
    case = case_open(
        enterprise=w.enterprise, agent=w.agent, channel="phone", summary="扩建", on=w.case.closed_on, by=w.agent.user
    )
    case_items_choose(
        case=case,
        approval_items=[ApprovalItemFactory(code="320903-QC-0001"), ApprovalItemFactory(code="320903-QC-0002")],
        by=w.agent.user,
    )
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before), [q["sql"][:120] for q in after.captured_queries]
