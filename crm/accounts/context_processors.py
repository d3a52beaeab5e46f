from django.utils.functional import SimpleLazyObject

from crm.accounts.roles import HOME_URL_NAMES, primary_role


def role(request) -> dict:
    user = getattr(request, "user", None)
    current = primary_role(user) if user is not None else None
    return {
        "current_role": current,
        "current_role_home": HOME_URL_NAMES.get(current) if current else None,
        "unread_notifications": SimpleLazyObject(lambda: _unread(user)),
    }


class _Count(int):
    """An int a lazy object can stand for (truthiness and printing work)."""


def _unread(user) -> _Count:
    """Counted only when a template shows it: pages without the header pay nothing."""
    if user is None or not user.is_authenticated:
        return _Count(0)
    from crm.models import Notification

    return _Count(Notification.objects.filter(recipient=user, read_at__isnull=True).count())
