"""The joint surveys and acceptances section of a project's page: the page belongs to
investment, which sits below the visits topic, so the section comes through this tag."""

from django import template
from django.utils import timezone

from projects.visits.selectors import follow_ups_judged, visits_of

register = template.Library()


@register.inclusion_tag("projects/visits/_project_section.html", takes_context=True)
def project_visits_section(context, project):
    """The project's visits (newest first), each with its open follow-ups judged
    against today: overdue ones stand out."""
    today = timezone.localdate()
    visits = visits_of(project)
    for visit in visits:
        visit.follow_up_rows = [f for f in follow_ups_judged(visit.follow_ups.all(), today) if f.is_open]
    return {"project": project, "visits": visits, "can_act": context.get("can_act", False)}
