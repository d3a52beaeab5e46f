"""One after-commit callback per transaction, however many events ask for it.

Several writers gather work while a transaction runs and act once it commits: the
calendar's recompute (every year a day import touched), the outbox's dispatch (one
request for all notifications written), live updates (one message per page). Each
names its callback with a key; the first event of the transaction registers it with
``transaction.on_commit`` and creates its state, later ones add to that state.

The state lives on the callback, and only Django's on-commit list holds the callback:
the registry below keeps a weak reference, key -> pending callback. A rollback (of the
transaction, or of the savepoint that registered it) makes Django drop the callback, so
the reference dies with its state and the next event starts afresh; nothing is announced
for work that did not happen. A callback leaves the registry when it runs. Outside a
transaction ``on_commit`` runs the callback at once, after the update."""

import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

from asgiref.local import Local
from django.db import transaction

State = TypeVar("State")

# key -> weakref to the pending callback, scoped like Django's connections (per thread,
# and per async context).
_registry = Local()


def _pending() -> dict[str, weakref.ref]:
    try:
        return _registry.by_key
    except AttributeError:
        _registry.by_key = {}
        return _registry.by_key


class _Once(Generic[State]):
    """The callback of one key in one transaction, carrying the state gathered for it."""

    __slots__ = ("__weakref__", "key", "run", "state")

    def __init__(self, key: str, state: State, run: Callable[[State], None]) -> None:
        self.key, self.state, self.run = key, state, run

    def __call__(self) -> None:
        pending = _pending()
        ref = pending.get(self.key)
        if ref is not None and ref() is self:
            del pending[self.key]
        self.run(self.state)


def after_commit_once(
    key: str, *, update: Callable[[State], None], make_state: Callable[[], State], run: Callable[[State], None]
) -> None:
    """Apply ``update`` to the transaction's state for ``key`` (made by ``make_state``
    on first use); ``run(state)`` once after commit."""
    pending = _pending()
    ref = pending.get(key)
    callback = ref() if ref is not None else None
    if callback is not None:
        update(callback.state)
        return
    state = make_state()
    update(state)
    callback = _Once(key, state, run)
    pending[key] = weakref.ref(callback, lambda ref: pending.pop(key) if pending.get(key) is ref else None)
    try:
        transaction.on_commit(callback)  # outside a transaction: runs now, and leaves the registry
    except BaseException:
        pending.pop(key, None)
        raise
