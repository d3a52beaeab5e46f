import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction
from django.utils import timezone

from crm.calendar.clock import DeadlineLevel, warn_on
from crm.models import Alert, Deadline, DeadlineState, Notification, NotificationKind
from crm.notifications.services import dispatch_after_commit, notify_many


@dataclasses.dataclass(frozen=True)
class DeadlineFacts:
    """What the owning app says about one clock of one subject."""

    state: DeadlineState
    due_date: dt.date | None
    title: str
    kind_label: str
    url: str = ""
    started_on: dt.date | None = None
    due_provisional: bool = False
    warning_days: int = 2
    owner_id: int | None = None
    centre_key: int | None = None
    enterprise_key: int | None = None
    facet: str = ""  # a subject's second clock (e.g. "verification")


def deadline_sync(subject: models.Model, facts: DeadlineFacts) -> Deadline | None:
    """Create, update or close the subject's deadline row (one query when nothing
    changed). A moved due date, a pause or a new title bumps ``sequence``. Call inside
    the clock's transaction."""
    subject_type = ContentType.objects.get_for_model(subject, for_concrete_model=False)
    current = Deadline.objects.filter(subject_type=subject_type, subject_id=subject.pk, facet=facts.facet).first()
    if facts.due_date is None or facts.state == DeadlineState.CLOSED:
        if current is not None and current.state != DeadlineState.CLOSED:
            current.state = DeadlineState.CLOSED
            current.save(update_fields=["state", "updated_at"])
        return current
    values = {
        "kind_label": facts.kind_label[:40],
        "title": facts.title[:300],
        "url": facts.url[:300],
        "owner_id": facts.owner_id,
        "centre_key": facts.centre_key,
        "enterprise_key": facts.enterprise_key,
        "state": facts.state,
        "started_on": facts.started_on,
        "due_date": facts.due_date,
        "due_provisional": facts.due_provisional,
        "warn_on": warn_on(facts.due_date, facts.warning_days, facts.started_on),
    }
    if current is None:
        return Deadline.objects.create(subject_type=subject_type, subject_id=subject.pk, facet=facts.facet, **values)
    changed = [name for name, value in values.items() if getattr(current, name) != value]
    if not changed:
        return current
    for name in changed:
        setattr(current, name, values[name])
    if {"due_date", "state", "title"} & set(changed):  # what a calendar client shows
        current.sequence += 1
        changed.append("sequence")
    current.save(update_fields=[*changed, "updated_at"])
    return current


# The clocks of the apps: model -> function giving its DeadlineFacts, registered by
# each app's ``AppConfig.ready``. The services that move a clock call
# ``deadlines_sync`` themselves; ``deadlines_rebuild`` walks them all.
CLOCKS: dict[type[models.Model], Callable[[models.Model], DeadlineFacts]] = {}


def _facts_list(facts) -> list[DeadlineFacts]:
    return list(facts) if isinstance(facts, list | tuple) else [facts]


def deadline_register(model: type[models.Model], facts: Callable[[models.Model], DeadlineFacts | list]) -> None:
    """``facts(instance)`` gives the clock's facts, or a list when the subject has
    more than one clock (each with its own ``facet``)."""
    CLOCKS[model] = facts


def deadlines_sync(subject: models.Model) -> list[Deadline | None]:
    """Bring the deadline rows of ``subject``, a registered clock, in step with it
    (one row per facet). Call inside the transaction that moved the clock."""
    try:
        facts = CLOCKS[type(subject)]
    except KeyError:
        raise LookupError(f"{type(subject).__name__} is not a registered clock (deadline_register)") from None
    return [deadline_sync(subject, one) for one in _facts_list(facts(subject))]


def deadlines_refresh(instances) -> None:
    """Sync the deadlines of clocks changed in bulk (``bulk_update``), or whose
    warning day moved with the calendar; unregistered models are skipped."""
    for instance in instances:
        if type(instance) in CLOCKS:
            deadlines_sync(instance)


def deadlines_rebuild(chunk: int = 2000) -> int:
    """Bring the table in step with every registered clock (after an upgrade, or a
    bulk change that bypassed the services). Returns how many subjects were visited."""
    visited = 0
    for model, facts in CLOCKS.items():
        for instance in model._default_manager.order_by("pk").iterator(chunk_size=chunk):
            with transaction.atomic():
                for one in _facts_list(facts(instance)):
                    deadline_sync(instance, one)
            visited += 1
    return visited


# The new level, and the rows whose level it changes, written so the partial indexes
# (level, warn_on) and (level, due_date) of the open rows serve the WHERE.
_LEVEL = "CASE WHEN due_date < %(today)s THEN 'overdue' WHEN warn_on <= %(today)s THEN 'warning' ELSE 'normal' END"


_CHANGED = (
    "state = 'open' AND ("
    " (level = 'normal' AND warn_on <= %(today)s)"
    " OR (level = 'warning' AND (due_date < %(today)s OR warn_on > %(today)s))"
    " OR (level = 'overdue' AND due_date >= %(today)s))"
)


@dataclasses.dataclass(frozen=True)
class SweepOutcome:
    changed: int  # deadlines whose level changed
    alerts: list[int]  # ids of the alerts this sweep raised


def changed_deadlines_sql() -> str:
    """The plain SELECT of the rows a sweep would change (the benchmark's floor)."""
    return f"SELECT id, {_LEVEL} AS level, due_date FROM crm_deadline WHERE {_CHANGED}"


def sweep(today: dt.date | None = None) -> SweepOutcome:
    """Record every open deadline's new level and raise one alert per change to
    warning or overdue, with their notifications, in one transaction."""
    today = today or timezone.localdate()
    now = timezone.now()
    params = {"today": today, "now": now}
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # One statement: the UPDATE's row locks make a concurrent sweep re-check
                # ``level`` and skip what this one changed; the INSERT's key is the backstop.
                cursor.execute(
                    f"""
                    WITH changed AS (
                        UPDATE crm_deadline SET level = {_LEVEL}, level_changed_at = %(now)s
                        WHERE {_CHANGED}
                        RETURNING id, level, due_date
                    ), raised AS (
                        INSERT INTO crm_alert (deadline_id, level, due_date, raised_on, raised_at)
                        SELECT id, level, due_date, %(today)s, %(now)s FROM changed WHERE level <> 'normal'
                        ON CONFLICT (deadline_id, level, due_date) DO NOTHING
                        RETURNING id
                    )
                    SELECT (SELECT count(*) FROM changed), coalesce(array_agg(raised.id), '{{}}') FROM raised
                    """,
                    params,
                )
                changed, alert_ids = cursor.fetchone()
                alert_ids = list(alert_ids)
            else:  # SQLite (embedded): a database-wide write lock serialises sweeps
                cursor.execute(
                    f"UPDATE crm_deadline SET level = {_LEVEL}, level_changed_at = %(now)s WHERE {_CHANGED} "
                    "RETURNING id, level, due_date",
                    params,
                )
                rows = [row for row in cursor.fetchall() if row[1] != DeadlineLevel.NORMAL]
                changed = cursor.rowcount
                keys = {(pk, level, dt.date.fromisoformat(str(due))) for pk, level, due in rows}
                known = {
                    (a.deadline_id, a.level, a.due_date)
                    for a in Alert.objects.filter(deadline_id__in=[pk for pk, _, _ in keys])
                }
                Alert.objects.bulk_create(
                    Alert(deadline_id=pk, level=level, due_date=due, raised_on=today, raised_at=now)
                    for pk, level, due in keys - known
                )
                alert_ids = sorted(
                    a.pk
                    for a in Alert.objects.filter(deadline_id__in=[pk for pk, _, _ in keys], raised_on=today)
                    if (a.deadline_id, a.level, a.due_date) in keys - known
                )
        if alert_ids:
            alerts_notify(alert_ids)
    return SweepOutcome(changed=changed, alerts=alert_ids)


# Who a centre's overdue reports escalate to: centre keys -> {centre key: [user ids of
# its supervisors]}. The app that knows the service centres (agents) sets it once, in
# its AppConfig.ready.
EscalationResolver = Callable[[list[int]], dict[int, list[int]]]
_escalation: EscalationResolver | None = None


def escalation_register(resolver: EscalationResolver) -> None:
    """Set who overdue reports escalate to; a second, different resolver is a mistake."""
    global _escalation
    if _escalation is not None and _escalation is not resolver:
        raise ImproperlyConfigured(f"escalation is already resolved by {_escalation.__qualname__}; only one may be")
    _escalation = resolver


def escalation_recipients(centre_keys: Iterable[int | None]) -> dict[int, list[int]]:
    keys = [key for key in set(centre_keys) if key is not None]
    if not keys:
        return {}
    if _escalation is None:
        raise ImproperlyConfigured("no escalation resolver: AgentsConfig.ready sets it (is agents installed?)")
    return _escalation(keys)


ALERT_TITLES = {
    DeadlineLevel.WARNING: "【预警】{kind}即将到期：{title}",
    DeadlineLevel.OVERDUE: "【超时】{kind}已超过期限：{title}",
}


def _alert_recipients(alerts) -> dict[int, list[int]]:
    """alert id -> users: the deadline's owner; for overdue also the centre's supervisors."""
    supervisors = escalation_recipients(a.deadline.centre_key for a in alerts if a.level == DeadlineLevel.OVERDUE)
    found = {}
    for alert in alerts:
        users = [alert.deadline.owner_id] if alert.deadline.owner_id else []
        if alert.level == DeadlineLevel.OVERDUE:
            users += [u for u in supervisors.get(alert.deadline.centre_key, []) if u not in users]
        found[alert.pk] = users
    return found


def alerts_notify(alert_ids: list[int]) -> int:
    """The alerts' notifications (逐级上报: overdue also to the centre's supervisors).
    Returns how many were written. On PostgreSQL the fan-out is one statement too."""
    if connection.vendor == "postgresql":
        return _alerts_notify_sql(alert_ids)
    alerts = list(Alert.objects.filter(pk__in=alert_ids).select_related("deadline"))
    recipients = _alert_recipients(alerts)
    return notify_many(
        Notification(
            key=f"alert-{alert.pk}-{user_id}",
            recipient_id=user_id,
            kind=NotificationKind.ALERT,
            title=_alert_title(alert.level, alert.deadline.kind_label, alert.deadline.title)[:200],
            body=f"到期日 {alert.deadline.due_date:%Y-%m-%d}" + ("（暂定）" if alert.deadline.due_provisional else ""),
            url=alert.deadline.url,
            alert=alert,
        )
        for alert in alerts
        for user_id in recipients[alert.pk]
    )


def _alert_title(level: str, kind: str, title: str) -> str:
    return ALERT_TITLES[level].format(kind=kind, title=title)


def _alerts_notify_sql(alert_ids: list[int]) -> int:
    """Notifications and their deliveries for many alerts in one INSERT … SELECT: the
    owners from the deadlines, the supervisors from a small (centre, user) list."""
    centre_keys = Deadline.objects.filter(alerts__in=alert_ids, alerts__level=DeadlineLevel.OVERDUE).values_list(
        "centre_key", flat=True
    )
    pairs = [
        (centre, user) for centre, users in escalation_recipients(centre_keys.distinct()).items() for user in users
    ]
    params = {
        "ids": list(alert_ids),
        "centres": [c for c, _ in pairs],
        "users": [u for _, u in pairs],
        "warning": ALERT_TITLES[DeadlineLevel.WARNING],
        "overdue": ALERT_TITLES[DeadlineLevel.OVERDUE],
        "now": timezone.now(),
        "push": bool(settings.CRM_PUSH_ENABLED),
    }
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH supervisors(centre_key, user_id) AS (
                SELECT * FROM unnest(%(centres)s::bigint[], %(users)s::bigint[])
            ), alerts AS (
                SELECT a.id, a.level, d.owner_id, d.centre_key, d.kind_label, d.title, d.url, d.due_date,
                       d.due_provisional
                FROM crm_alert a JOIN crm_deadline d ON d.id = a.deadline_id
                WHERE a.id = ANY(%(ids)s)
            ), targets AS (
                SELECT id, owner_id AS user_id FROM alerts WHERE owner_id IS NOT NULL
                UNION
                SELECT a.id, s.user_id FROM alerts a JOIN supervisors s ON s.centre_key = a.centre_key
                WHERE a.level = 'overdue'
            ), notes AS (
                INSERT INTO crm_notification (key, recipient_id, kind, title, body, url, alert_id, created_at)
                SELECT 'alert-' || a.id || '-' || t.user_id, t.user_id, 'alert',
                       left(replace(replace(CASE a.level WHEN 'warning' THEN %(warning)s ELSE %(overdue)s END,
                                            '{kind}', a.kind_label), '{title}', a.title), 200),
                       '到期日 ' || to_char(a.due_date, 'YYYY-MM-DD')
                           || CASE WHEN a.due_provisional THEN '（暂定）' ELSE '' END,
                       a.url, a.id, %(now)s
                FROM targets t JOIN alerts a ON a.id = t.id
                ON CONFLICT (key) DO NOTHING
                RETURNING id, recipient_id
            ), deliveries AS (
                INSERT INTO crm_delivery (notification_id, channel, state, attempts, next_attempt_at, last_error)
                SELECT n.id, c.channel, 'pending', 0, %(now)s, ''
                FROM notes n JOIN crm_user u ON u.id = n.recipient_id
                CROSS JOIN LATERAL (VALUES ('in_app', true), ('email', u.email <> ''),
                                           ('push', u.phone <> '' AND %(push)s)) AS c(channel, wanted)
                WHERE c.wanted
                RETURNING notification_id
            )
            SELECT (SELECT count(*) FROM notes), (SELECT count(*) FROM deliveries)
            """,
            params,
        )
        written, _deliveries = cursor.fetchone()
    if written:
        dispatch_after_commit()
    return written


DIGEST_LIMIT = 50  # lines listed per digest; the rest are counted


def digests_send(today: dt.date | None = None) -> int:
    """One notification per supervisor per day listing the centre's open deadlines in
    warning or overdue (as of the last sweep), overdue first. Idempotent by key."""
    today = today or timezone.localdate()
    flagged = (
        Deadline.objects.filter(state=DeadlineState.OPEN, level__in=[DeadlineLevel.WARNING, DeadlineLevel.OVERDUE])
        .exclude(centre_key=None)
        .order_by("centre_key", "-level", "due_date", "pk")
        .values("centre_key", "level", "kind_label", "title", "due_date", "owner__full_name", "owner__username")
    )
    by_centre: dict[int, list[dict]] = {}
    for row in flagged:
        by_centre.setdefault(row["centre_key"], []).append(row)
    supervisors = escalation_recipients(by_centre)
    messages = []
    for centre_key, rows in by_centre.items():
        overdue = sum(1 for r in rows if r["level"] == DeadlineLevel.OVERDUE)
        lines = [
            f"{'超时' if r['level'] == DeadlineLevel.OVERDUE else '预警'} {r['due_date']:%Y-%m-%d} "
            f"{r['kind_label']}：{r['title']}（{r['owner__full_name'] or r['owner__username'] or '未分配'}）"
            for r in rows[:DIGEST_LIMIT]
        ]
        if len(rows) > DIGEST_LIMIT:
            lines.append(f"……另有 {len(rows) - DIGEST_LIMIT} 项")
        title = f"{today:%Y-%m-%d} 监察日报：超时 {overdue} 项，预警 {len(rows) - overdue} 项"
        for user_id in supervisors.get(centre_key, []):
            messages.append(
                Notification(
                    key=f"digest-{today:%Y%m%d}-{user_id}",
                    recipient_id=user_id,
                    kind=NotificationKind.DIGEST,
                    title=title,
                    body="\n".join(lines),
                    url="/projects/centre/",
                )
            )
    return notify_many(messages)


def open_alerts(*, owner_id: int | None = None, centre_key: int | None = None, limit: int = 50):
    """Unacknowledged alerts of open or paused deadlines, overdue first: an owner's, or a
    centre's (the supervisor's view). One query."""
    alerts = Alert.objects.filter(acknowledged_at__isnull=True).exclude(deadline__state=DeadlineState.CLOSED)
    if centre_key is not None:
        alerts = alerts.filter(deadline__centre_key=centre_key)
    else:
        alerts = alerts.filter(deadline__owner_id=owner_id)
    return list(alerts.select_related("deadline__owner").order_by("-level", "deadline__due_date", "pk")[:limit])


def alert_acknowledge(*, alert: Alert, by) -> Alert:
    """Someone has seen the alert and is on it; it leaves the workbench, and the
    audit trail keeps who and when."""
    from crm.audit.services import audit_record

    with transaction.atomic():
        alert = Alert.objects.select_for_update().select_related("deadline").get(pk=alert.pk)
        if alert.acknowledged_at is not None:
            return alert
        alert.acknowledged_at, alert.acknowledged_by = timezone.now(), by
        alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
        audit_record(
            subject=alert,
            actor=by,
            event="alert.acknowledged",
            before={"acknowledged": False},
            after={"acknowledged": True, "level": alert.get_level_display(), "deadline": str(alert.deadline)},
        )
    return alert


def outbox_status() -> dict:
    """How the outbox and the supervision stand: deliveries by state, the oldest one
    waiting, open deadlines by level. Two queries."""
    from django.db.models import Count, Min

    from crm.models import Delivery

    deliveries = {row["state"]: row["n"] for row in Delivery.objects.values("state").annotate(n=Count("pk")).order_by()}
    oldest = Delivery.objects.filter(state="pending").aggregate(at=Min("next_attempt_at"))["at"]
    levels = {
        row["level"]: row["n"]
        for row in Deadline.objects.filter(state=DeadlineState.OPEN).values("level").annotate(n=Count("pk")).order_by()
    }
    return {"deliveries": deliveries, "oldest_pending": oldest, "levels": levels}
