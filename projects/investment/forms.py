"""Forms of the project page (milestone events, pauses)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from crm.forms import DateInput
from projects.investment.events import ITEM_EVENTS, MilestoneEvent, MilestoneMove
from projects.models import (
    MilestoneTrigger,
    PauseCause,
)


def event_choices(project=None) -> list[tuple[str, str]]:
    """The events an agent records by hand (what happened outside the system), each
    saying which milestones it starts or finishes (of ``project``, when given). The
    three item events are recorded with the item, in its case."""
    triggers = MilestoneTrigger.objects.filter(approval_item__isnull=True, definition__is_active=True)
    if project is not None:
        triggers = triggers.filter(definition__milestones__project=project)
    moves: dict[str, list[str]] = {}
    for trigger in triggers.select_related("definition").order_by("definition__order"):
        verb = _("开始") if trigger.move == MilestoneMove.START else _("完成")
        moves.setdefault(trigger.event, []).append(f"{verb}“{trigger.definition.name}”")
    return [
        (value, f"{label} → {'、'.join(moves[value])}" if value in moves else f"{label}（{_('不影响本项目里程碑')}）")
        for value, label in MilestoneEvent.choices
        if value not in ITEM_EVENTS
    ]


class EventForm(forms.Form):
    event = forms.ChoiceField(label=_("事件"), choices=())
    on = forms.DateField(label=_("发生日期"), widget=DateInput)

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = event_choices(project)


class PauseForm(forms.Form):
    cause = forms.ChoiceField(label=_("暂停类型"), choices=PauseCause.choices)
    reason = forms.CharField(label=_("暂停原因"), max_length=300)
    on = forms.DateField(label=_("暂停日期"), widget=DateInput)


class ResumeForm(forms.Form):
    on = forms.DateField(label=_("恢复日期"), widget=DateInput)
