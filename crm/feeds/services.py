import datetime as dt
import secrets

import icalendar
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from crm.accounts.roles import Role, has_role
from crm.audit.services import audit_record
from crm.calendar.workdays import workdays_add
from crm.links import absolute_url, site_host
from crm.models import Deadline, DeadlineState, FeedToken

PRODID = "-//Proxy-service CRM//Deadline feed//ZH"


CALENDAR_TIMEZONE = "Asia/Shanghai"


# Clients that honour it poll hourly (Google ignores it and polls on its own schedule).
REFRESH_INTERVAL = dt.timedelta(hours=1)


ALARM_AT = dt.time(9, 0)  # on the working day before the due date


FEED_STATES = (DeadlineState.OPEN, DeadlineState.PAUSED)


def feed_token_active(user) -> FeedToken | None:
    return FeedToken.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_user_for_token(token: str):
    """The active user whose live token this is, or None (unknown, revoked, or the
    account is disabled)."""
    found = (
        FeedToken.objects.filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .select_related("user")
        .first()
    )
    return found.user if found is not None else None


def _lock_user(user) -> None:
    # Token changes of one person run one at a time, so "at most one active token"
    # holds without two requests tripping over the constraint.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()


def _create(user, event: str, before: dict | None = None) -> FeedToken:
    token = FeedToken.objects.create(user=user, token=secrets.token_urlsafe(32))
    audit_record(subject=token, actor=user, event=event, before=before)
    return token


def _revoke(token: FeedToken, by) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(subject=token, actor=by, event="feed_token.revoked")


def feed_token_ensure(*, user) -> FeedToken:
    """The user's active token, created if they have none."""
    with transaction.atomic():
        _lock_user(user)
        return feed_token_active(user) or _create(user, "feed_token.created")


def feed_token_regenerate(*, user) -> FeedToken:
    """A new address; the old one stops working at once."""
    with transaction.atomic():
        _lock_user(user)
        old = feed_token_active(user)
        if old is not None:
            _revoke(old, by=user)
        return _create(user, "feed_token.regenerated", before={"token_id": old.pk} if old else None)


def feed_token_revoke(*, user) -> bool:
    """Stop the user's address; False when there was none."""
    with transaction.atomic():
        _lock_user(user)
        old = feed_token_active(user)
        if old is None:
            return False
        _revoke(old, by=user)
    return True


def feed_deadlines(user) -> QuerySet[Deadline]:
    """The open (or paused) deadlines of the user's feed; nobody else's. One query
    (plus the user's roles and enterprise, once each)."""
    scope = Q(pk__in=[])
    if has_role(user, Role.AGENT, Role.SUPERVISOR):
        scope |= Q(owner=user)
    if has_role(user, Role.ENTERPRISE):
        # The spine imports no app: the reverse accessor and the content type's
        # natural key name the projects' models without importing them.
        contact = getattr(user, "enterprise_contact", None)
        if contact is not None:
            milestone = ContentType.objects.get_by_natural_key("projects", "milestone")
            scope |= Q(enterprise_key=contact.enterprise_id, subject_type=milestone)
    return Deadline.objects.filter(scope, state__in=FEED_STATES).order_by("due_date", "pk")


def feed_urls(token: FeedToken, request=None) -> tuple[str, str]:
    """The subscription address, as https?:// and as webcal://, at the address the
    system is reached at (crm.links)."""
    url = absolute_url(reverse("calendar_feed_ics", kwargs={"token": token.token}), request)
    return url, "webcal://" + url.split("://", 1)[1]


def alarm_day(due_date: dt.date) -> dt.date:
    return workdays_add(due_date, -1).date


def _summary(deadline: Deadline) -> str:
    summary = f"【{deadline.kind_label}】{deadline.title}"
    if deadline.due_provisional:
        summary += _("（暂定）")
    if deadline.state == DeadlineState.PAUSED:
        summary += _("（暂停计时）")
    return summary


def _event(deadline: Deadline, host: str, request) -> icalendar.Event:
    summary = _summary(deadline)
    url = absolute_url(deadline.url, request)
    lines = [
        _("期限类型：%(kind)s") % {"kind": deadline.kind_label},
        _("到期日：%(date)s") % {"date": deadline.due_date.isoformat()},
        _("状态：%(state)s") % {"state": deadline.get_state_display()},
    ]
    if deadline.due_provisional:
        lines.append(_("该年度节假日安排尚未公布，到期日暂按周一至周五计算。"))
    if deadline.started_on:
        lines.append(_("起算日：%(date)s") % {"date": deadline.started_on.isoformat()})
    lines.append(_("详情：%(url)s") % {"url": url})
    changed = deadline.updated_at.astimezone(dt.UTC)

    event = icalendar.Event()
    event.add("uid", f"deadline-{deadline.pk}@{host}")
    event.add("sequence", deadline.sequence)
    event.add("dtstamp", changed)
    event.add("last-modified", changed)
    event.add("dtstart", deadline.due_date)
    # All-day: DTEND is exclusive, the next calendar day.
    event.add("dtend", deadline.due_date + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", "\n".join(lines))
    event.add("url", url)
    event.add("categories", [deadline.kind_label])
    event.add("transp", "TRANSPARENT")  # a due date, not a busy day

    # Relative to the all-day start (midnight, local time of the client): 09:00 on
    # the working day before, counted by the working-day calendar (a Monday after a
    # weekend warns on Friday; the day after the National Day break, on 30 September).
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add(
        "description", _("%(date)s 到期：%(summary)s") % {"date": deadline.due_date.isoformat(), "summary": summary}
    )
    alarm.add(
        "trigger",
        dt.datetime.combine(alarm_day(deadline.due_date), ALARM_AT) - dt.datetime.combine(deadline.due_date, dt.time()),
    )
    event.add_component(alarm)
    return event


def feed_calendar(user, request=None) -> bytes:
    """The user's feed as RFC 5545 bytes (CRLF, folded lines). Always in the site's
    language: a client's Accept-Language must not rewrite every event. Its links lead
    to the address the feed was fetched from (crm.links)."""
    with translation.override(settings.LANGUAGE_CODE):
        calendar = icalendar.Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", _("代办期限 · %(name)s") % {"name": user})
        calendar.add("x-wr-caldesc", _("投资项目代办服务系统：未办结的期限，到期前一个工作日提醒。"))
        calendar.add("x-wr-timezone", CALENDAR_TIMEZONE)
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT1H")
        host = site_host()
        for deadline in feed_deadlines(user):
            calendar.add_component(_event(deadline, host, request))
        # No TZID is used today (all-day dates, UTC stamps); should one appear, the
        # VTIMEZONE it needs is added rather than left for clients to guess.
        calendar.add_missing_timezones()
        return calendar.to_ical()
