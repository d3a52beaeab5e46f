"""The names of audit events and how they read.

Each topic declares its events as a ``TextChoices`` whose values are the codes the
trail stores (``item.accepted``) and whose labels are what people read (部门受理),
and registers it from its AppConfig.ready: the spine knows no app above it.
``audit_event_label`` is the one lookup every timeline and the system page use, so
no page shows a raw code."""

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

_LABELS: dict[str, str] = {}

# Events written for any model by one generic mechanism, named ``<model>.<verb>``:
# admin edits (crm.admin) and deadlines recomputed after a calendar change.
GENERIC_VERBS = {
    "added": _("新增"),
    "updated": _("修改"),
    "deleted": _("删除"),
    "deadline_recomputed": _("到期日重新计算"),
}


def audit_events_register(*enums: type[models.TextChoices]) -> None:
    """Make the events of ``enums`` known by their labels. A code registered twice
    with another label is a mistake in the tables, refused at start-up."""
    for enum in enums:
        for code, label in enum.choices:
            if code in _LABELS and str(_LABELS[code]) != str(label):
                raise ValueError(f"audit event {code!r} registered twice with different labels")
            _LABELS[code] = label


def audit_event_known(code: str) -> bool:
    """Whether ``code`` has a label: registered, or ``<model>.<generic verb>`` of an
    installed model."""
    return code in _LABELS or _generic_model(code) is not None


def _generic_model(code: str):
    model_name, _dot, verb = code.partition(".")
    if verb not in GENERIC_VERBS:
        return None
    return next((m for m in apps.get_models() if m._meta.model_name == model_name), None)


def audit_event_label(code: str) -> str:
    """What people read for the event ``code``: its registered label, or for a generic
    event the model's name and the verb (“里程碑：到期日重新计算”). A code nobody
    registered is still not shown raw: it reads as an unnamed event."""
    if code in _LABELS:
        return str(_LABELS[code])
    model = _generic_model(code)
    if model is not None:
        return f"{model._meta.verbose_name}：{GENERIC_VERBS[code.partition('.')[2]]}"
    return str(_("其他事件"))


class SpineEvent(models.TextChoices):
    """Events the spine itself writes."""

    ALERT_ACKNOWLEDGED = "alert.acknowledged", _("确认提醒")
    FEED_TOKEN_CREATED = "feed_token.created", _("生成日历订阅地址")
    FEED_TOKEN_REGENERATED = "feed_token.regenerated", _("重新生成日历订阅地址")
    FEED_TOKEN_REVOKED = "feed_token.revoked", _("停用日历订阅")
