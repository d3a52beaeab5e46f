"""The merged assessment's 40-working-day clock in the spine's deadline table."""

from crm.supervision import clock_register
from projects.supervision import clock_facts
from regional_assessments.models import MergedAssessment


def merged_facts(assessment: MergedAssessment):
    project = assessment.project
    agent = project.agent
    return clock_facts(
        assessment, title=f"{project.name}：多评合一", kind_label="多评合一", url=f"/projects/{project.pk}/assessments/",
        owner_id=agent.user_id if agent else None, centre_key=agent.centre_id if agent else None,
        enterprise_key=project.enterprise_id,
    )


clock_register(MergedAssessment, merged_facts)
