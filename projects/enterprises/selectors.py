"""Reads of enterprises and their contacts."""

from projects.enterprises.models import EnterpriseContact


def enterprise_user_ids(enterprise_id: int) -> list[int]:
    """The users of the enterprise's contacts who may sign in now: whom the enterprise's
    notifications and messages go to."""
    return list(
        EnterpriseContact.objects.filter(enterprise_id=enterprise_id, user__isnull=False, user__is_active=True)
        .order_by("pk")
        .values_list("user_id", flat=True)
    )
