"""crm.transactions.after_commit_once: one callback per key per transaction, on real commits."""

import pytest
from django.db import transaction

from crm.transactions import after_commit_once

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def runs():
    """What each run received, as (key, sorted state)."""
    return []


def gather(runs, value, key="test.once"):
    after_commit_once(
        key, update=lambda state: state.add(value), make_state=set, run=lambda state: runs.append((key, sorted(state)))
    )


def test_outside_a_transaction_it_runs_at_once(runs):
    gather(runs, 1)
    assert runs == [("test.once", [1])]
    gather(runs, 2)
    assert runs == [("test.once", [1]), ("test.once", [2])]


def test_one_run_per_transaction_after_commit(runs):
    with transaction.atomic():
        gather(runs, 1)
        gather(runs, 2)
        assert runs == []
    assert runs == [("test.once", [1, 2])]


def test_rollback_drops_the_state(runs):
    with pytest.raises(RuntimeError), transaction.atomic():
        gather(runs, 1)
        raise RuntimeError("undone")
    assert runs == []


def test_a_transaction_after_a_rollback_starts_afresh(runs):
    with pytest.raises(RuntimeError), transaction.atomic():
        gather(runs, 1)
        raise RuntimeError("undone")
    with transaction.atomic():
        gather(runs, 2)
    assert runs == [("test.once", [2])]


def test_savepoint_rollback_drops_what_it_registered(runs):
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            gather(runs, 1)
            raise RuntimeError("undone")
        gather(runs, 2)
        gather(runs, 3)
    assert runs == [("test.once", [2, 3])]


def test_savepoint_rollback_keeps_what_the_outer_transaction_registered(runs):
    with transaction.atomic():
        gather(runs, 1)
        with pytest.raises(RuntimeError), transaction.atomic():
            gather(runs, 2)  # joins the outer registration: its state is the outer one's
            raise RuntimeError("undone")
        gather(runs, 3)
    assert runs == [("test.once", [1, 2, 3])]


def test_nested_atomic_blocks_share_one_run(runs):
    with transaction.atomic():
        gather(runs, 1)
        with transaction.atomic():
            gather(runs, 2)
            with transaction.atomic():
                gather(runs, 3)
        assert runs == []
    assert runs == [("test.once", [1, 2, 3])]


def test_two_keys_two_runs(runs):
    with transaction.atomic():
        gather(runs, 1, key="test.a")
        gather(runs, 2, key="test.b")
        gather(runs, 3, key="test.a")
    assert runs == [("test.a", [1, 3]), ("test.b", [2])]


def test_each_committed_transaction_runs_its_own(runs):
    with transaction.atomic():
        gather(runs, 1)
    with transaction.atomic():
        gather(runs, 2)
    assert runs == [("test.once", [1]), ("test.once", [2])]


def test_an_event_during_the_run_starts_a_new_one(runs):
    """A run that causes another event (in a new transaction) is not swallowed by itself."""

    def run(state):
        runs.append(sorted(state))
        if state == {1}:
            with transaction.atomic():
                after_commit_once("test.chain", update=lambda s: s.add(2), make_state=set, run=run)

    with transaction.atomic():
        after_commit_once("test.chain", update=lambda s: s.add(1), make_state=set, run=run)
    assert runs == [[1], [2]]
