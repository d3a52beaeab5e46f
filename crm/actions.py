"""The actions a user may take on a record of a state machine, as one table per
machine kept next to its services (``<topic>/actions.py``): the page's buttons and
forms, the API's bodies and the admin all read the same table, so a new action is
one row, not three."""

from collections.abc import Callable
from typing import Any, NamedTuple


class Action(NamedTuple):
    """One action: the service it calls, the fields of the request it passes on
    (by the service's parameter names), its label (as the buttons say it) and the
    page's form that reads those fields (None where the API alone offers it by name).
    ``confirm``, for an action that cannot be undone: what follows it, which the page
    says before the user confirms."""

    service: Callable[..., Any]
    fields: tuple[str, ...] = ()
    label: str = ""
    form: type | None = None
    confirm: str = ""

    def perform(self, subject: dict, data: dict, by, **extra):
        """Call the service on ``subject`` (its keyword, e.g. ``{"review": review}``)
        with the fields this action takes from ``data``."""
        return self.service(**subject, by=by, **{name: data[name] for name in self.fields}, **extra)


def transition_labels(model) -> dict[str, str]:
    """The labels a model's state machine gives its transitions, by name."""
    field = model._meta.get_field("state")
    return {t.name: t.custom.get("label", t.name) for t in field.get_all_transitions(model)}
