"""What one service call causes, read from the outside: the deadline rows of the
clock it moved, the notification rows it wrote, and the live messages it published
once its transaction committed. Used by the ``test_*_effects`` modules, whose tests
commit for real (``django_db(transaction=True)``) so the after-commit messages go."""

import dataclasses
import datetime as dt
from collections import defaultdict

import pytest
from django.contrib.contenttypes.models import ContentType

from crm.models import Deadline, Notification


@dataclasses.dataclass(frozen=True)
class Effects:
    deadlines: set[tuple[str, str, dt.date]]  # (facet, state, due date) of the subject's rows afterwards
    notifications: set[tuple[int, str, str]]  # (recipient id, kind, title) written by the call
    live: dict[str, list[str]]  # group → the events announced to it


def deadline_rows(subject) -> set[tuple[str, str, dt.date]]:
    subject_type = ContentType.objects.get_for_model(subject, for_concrete_model=False)
    return set(
        Deadline.objects.filter(subject_type=subject_type, subject_id=subject.pk).values_list(
            "facet", "state", "due_date"
        )
    )


@pytest.fixture
def effects(monkeypatch):
    """``effects(call, subject)`` runs ``call()`` and returns its ``Effects``. The
    outbox's dispatch request is dropped (no broker needed) and ``live_publish`` is
    recorded instead of sent."""
    import projects.live
    from crm.notifications.tasks import deliveries_dispatch

    published: list[tuple[list[str], dict]] = []
    monkeypatch.setattr(deliveries_dispatch, "delay", lambda *args, **kwargs: None)
    monkeypatch.setattr(
        projects.live, "live_publish", lambda groups, payload: published.append((sorted(groups), payload))
    )

    def capture(call, subject) -> Effects:
        published.clear()
        last = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        call()
        live: dict[str, list[str]] = defaultdict(list)
        for groups, payload in published:
            assert payload["kind"] == "change"
            for group in groups:
                live[group].extend(payload["events"])
        notifications = set(Notification.objects.filter(pk__gt=last).values_list("recipient_id", "kind", "title"))
        return Effects(deadlines=deadline_rows(subject), notifications=notifications, live=dict(live))

    return capture
