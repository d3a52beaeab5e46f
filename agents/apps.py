from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgentsConfig(AppConfig):
    name = "agents"
    verbose_name = _("代办队伍")

    def ready(self) -> None:
        from agents.selectors import centre_supervisors
        from crm.supervision.services import escalation_register

        # A centre's overdue reports escalate to its supervisors.
        escalation_register(centre_supervisors)
