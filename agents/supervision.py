"""Who a centre's overdue reports escalate to: its supervisors (active agents of the
centre with the supervisor role). Registered with the spine's supervision."""

from collections.abc import Iterable

from crm.accounts.roles import GROUP_NAMES, Role


def centre_supervisors(centre_keys: Iterable[int]) -> dict[int, list[int]]:
    from agents.models import ProxyAgent

    found: dict[int, list[int]] = {}
    rows = (
        ProxyAgent.objects.filter(
            centre_id__in=list(centre_keys), is_active=True, user__is_active=True, user__groups__name=GROUP_NAMES[Role.SUPERVISOR]
        )
        .order_by("centre_id", "user_id")
        .values_list("centre_id", "user_id")
        .distinct()
    )
    for centre_id, user_id in rows:
        found.setdefault(centre_id, []).append(user_id)
    return found
