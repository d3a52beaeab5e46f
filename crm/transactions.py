"""One after-commit callback per transaction, however many events ask for it.

Several writers gather work while a transaction runs and act once it commits: the
calendar's recompute (every year a day import touched), the outbox's dispatch (one
request for all notifications written), live updates (one message per page). Each
names its callback with a key; the first event of the transaction registers it and
creates its state, later ones add to that state. The state lives on the callback in
Django's on-commit list, so a rollback (of the transaction, or of the savepoint that
registered it) drops both, and nothing is announced for work that did not happen.
Outside a transaction the callback runs at once, after the update."""

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import transaction

State = TypeVar("State")

_spots = threading.local()  # key -> (index, callback) of the last registration, to find it in O(1)


def _pending(connection, key: str):
    pending = connection.run_on_commit
    spots = getattr(_spots, "by_key", None)
    if spots is None:
        spots = _spots.by_key = {}
    index, callback = spots.get(key, (None, None))
    if index is not None and index < len(pending) and pending[index][1] is callback:
        return callback
    for index, (_savepoints, callback, _robust) in enumerate(pending):
        if getattr(callback, "crm_once_key", None) == key:
            spots[key] = (index, callback)
            return callback
    return None


def after_commit_once(
    key: str, *, update: Callable[[State], None], make_state: Callable[[], State], run: Callable[[State], None]
) -> None:
    """Apply ``update`` to the transaction's state for ``key`` (made by ``make_state``
    on first use); ``run(state)`` once after commit."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        state = make_state()
        update(state)
        run(state)
        return
    callback = _pending(connection, key)
    if callback is None:
        state = make_state()

        def callback() -> None:
            run(callback.crm_once_state)

        callback.crm_once_key, callback.crm_once_state = key, state
        transaction.on_commit(callback)
        _spots.by_key[key] = (len(connection.run_on_commit) - 1, callback)
    update(callback.crm_once_state)
