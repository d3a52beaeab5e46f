from projects.supervision import clock_facts
from regional_assessments.merged.models import MergedAssessment


def merged_facts(assessment: MergedAssessment):
    project = assessment.project
    agent = project.agent
    return clock_facts(
        assessment,
        title=f"{project.name}：多评合一",
        kind_label="多评合一",
        url=f"/projects/{project.pk}/assessments/",
        owner_id=agent.user_id if agent else None,
        centre_key=agent.centre_id if agent else None,
        enterprise_key=project.enterprise_id,
    )
