"""The world of the permission matrix (tests/test_permission_matrix.py): two zones,
a service centre in each, and on each side (``a`` and ``b``) an enterprise with its
contact, a project, a proxy case with items, a one-time notice, a drawing review, a
joint survey with its record and an open rectification, a zone report reused by the project, a merged assessment, a rated closed case with its
callback, an alert and a notification, all played through the services. One user per
role the matrix asks about."""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from crm.accounts.roles import Role
from crm.audit.models import AuditEntry
from crm.feeds.services import feed_token_ensure
from crm.models import Alert, Notification, NotificationKind
from crm.supervision.services import sweep
from projects.cases.services import (
    case_authorise,
    case_items_choose,
    case_open,
    case_project_link,
    item_accept,
    item_pass_prereview,
    item_submit,
)
from projects.drawings.services import drawing_review_accept, drawing_review_start, drawing_review_submit
from projects.investment.services import project_event_record
from projects.models import Material, MaterialRequirement, MonthlyReport, RatingLevel, ReviewDiscipline
from projects.notice.services import notice_issue
from projects.portal.submissions.services import submission_submit
from projects.ratings.services import case_rate
from projects.visits.services import visit_attendance_record, visit_issue, visit_schedule
from regional_assessments.merged.services import merged_assessment_start
from regional_assessments.reports.models import AssessmentType, ZoneReport
from regional_assessments.reports.services import reuse_record
from tests.factories import (
    MON,
    ApprovalItemFactory,
    DepartmentFactory,
    EnterpriseContactFactory,
    EnterpriseFactory,
    ProjectFactory,
    ProxyAgentFactory,
    ServiceCentreFactory,
    UserFactory,
    ZoneFactory,
)
from tests.projects.ratings.scenario import closed_case

# Every role of the matrix; ``anonymous`` signs in as nobody.
ROLES = (
    "anonymous",
    "admin",
    "supervisor_a",
    "supervisor_b",
    "agent_a",
    "agent_a2",
    "agent_b",
    "zone_a",
    "zone_b",
    "reviewer",
    "editor",
    "enterprise_a",
    "enterprise_b",
)
SIDES = ("a", "b")
OTHER = {"a": "b", "b": "a"}


@dataclass
class Side:
    """Everything of one side, by name (the matrix fills URL kwargs from it)."""

    zone: object
    centre: object
    supervisor: object
    agent: object  # the agent who owns the case and the project
    enterprise: object
    project: object
    case: object
    item: object  # preparing: "pass_prereview" moves it
    running_item: object  # accepted, its clock overdue (the sweep raised an alert)
    milestone: object
    notice: object
    review: object
    report: object
    reuse: object
    assessment: object
    closed_case: object  # closed, not yet rated
    rating: object
    callback: object
    alert: object
    notification: object
    feed_token: str
    audit_entry: object
    department: object  # a department of the side's zone, invited to its joint visits
    visit: object  # a joint survey, its record issued, one rectification open
    follow_up: object
    spare_agent: object = None  # another agent of the centre (a case may be reassigned to)
    colleague: object = None  # a contact of the enterprise with a pending invitation (projects.portal.access)
    submission: object = None  # the enterprise's upload of the notice's licence, waiting for review
    unsubmitted: object = None  # a material the notice lists that nobody has handed in
    monthly_report: object = None  # the zone's archived overdue report (超时办件通报)
    markers: list[str] = field(default_factory=list)  # text only this side's audience may read


@dataclass
class MatrixWorld:
    users: dict
    sides: dict  # "a"/"b" → Side
    fire: object  # the fire-protection discipline the reviewer answers for
    spare_item: object  # an approval item no case has chosen yet
    sessions: dict = field(default_factory=dict)  # role → session key


def _side(name: str, label: str) -> tuple[Side, dict]:
    zone = ZoneFactory(name=f"{label}园区")
    centre = ServiceCentreFactory(zone=zone, name=f"{label}代办中心")
    supervisor = ProxyAgentFactory(
        centre=centre,
        user=UserFactory(
            username=f"supervisor_{name}", full_name=f"{label}负责人", roles=[Role.SUPERVISOR], is_staff=True
        ),
    )
    agent = ProxyAgentFactory(
        centre=centre, user=UserFactory(username=f"agent_{name}", full_name=f"{label}代办员一", roles=[Role.AGENT])
    )
    users = {
        f"supervisor_{name}": supervisor.user,
        f"agent_{name}": agent.user,
        f"zone_{name}": UserFactory(
            username=f"zone_{name}", full_name=f"{label}管委会", roles=[Role.ZONE_COMMITTEE], zone=zone, is_staff=True
        ),
        f"enterprise_{name}": UserFactory(
            username=f"enterprise_{name}", full_name=f"{label}企业联系人", roles=[Role.ENTERPRISE]
        ),
    }
    enterprise = EnterpriseFactory(zone=zone, name=f"{label}标记精密机械有限公司", assigned_agent=agent)
    EnterpriseContactFactory(enterprise=enterprise, user=users[f"enterprise_{name}"], name=f"{label}经理")
    project = ProjectFactory(enterprise=enterprise, agent=agent, name=f"{label}标记年产万件部件项目")
    by = agent.user

    case = case_open(enterprise=enterprise, agent=agent, channel="phone", summary="新建厂房", on=MON, by=by)
    case_project_link(case=case, project=project, by=by)
    item, running_item = case_items_choose(
        case=case,
        approval_items=[
            ApprovalItemFactory(code=f"MX-{name}-1", committed_days=10),
            ApprovalItemFactory(code=f"MX-{name}-2", committed_days=10),
        ],
        by=by,
    )
    case_authorise(
        case=case,
        signed_on=MON,
        signatory="张总",
        scope="规划许可全流程代办",
        by=by,
        document=SimpleUploadedFile(f"authorisation-{name}.pdf", b"%PDF-1.4 matrix", content_type="application/pdf"),
    )
    item_pass_prereview(item=running_item, on=MON, by=by)
    item_submit(item=running_item, on=MON, by=by)
    item_accept(item=running_item, acceptance_no=f"SL-{name}", on=MON, by=by)
    licence, _ = Material.objects.get_or_create(name="营业执照", defaults={"source": "government"})
    site_plan, _ = Material.objects.get_or_create(name="建设项目总平面图")
    for order, material in enumerate((licence, site_plan), start=1):
        MaterialRequirement.objects.create(item=item.approval_item, material=material, order=order)
    notice = notice_issue(case=case, by=by, on=MON)
    submission = submission_submit(
        case=case,
        material=licence,
        file=SimpleUploadedFile(f"licence-{name}.pdf", b"%PDF-1.4 matrix", content_type="application/pdf"),
        by=users[f"enterprise_{name}"],
    )

    project_event_record(project=project, event="project_filed", on=MON, by=by)
    milestone = project.milestones.filter(state="running").order_by("pk").first()

    review = drawing_review_submit(project=project, package=f"{label}一期厂房", by=by, on=MON)
    drawing_review_accept(review=review, acceptance_no=f"LS-{name}", by=by, on=MON)
    drawing_review_start(review=review, by=by, on=MON)

    department = DepartmentFactory(name=f"{label}规划分局", zone=zone)
    visit = visit_schedule(
        project=project,
        kind="survey",
        visit_on=MON,
        visit_time=dt.time(9, 30),
        place=f"{label}项目地块",
        departments=[department],
        by=by,
        on=MON,
    )
    visit_attendance_record(
        visit=visit,
        department=department,
        attended=True,
        attendees="王科长",
        finding="rectification",
        finding_text="补充排水方案",
        rectification_days=5,
        by=by,
        on=MON,
    )
    visit = visit_issue(visit=visit, by=by, on=MON)

    report = ZoneReport(
        zone=zone,
        title=f"{label}区域评估报告",
        issuing_body=f"{label}管委会",
        approval_no=f"{label}〔2024〕1号",
        valid_from=dt.date(2024, 1, 1),
    )
    report.file.save(f"report-{name}.pdf", ContentFile(b"%PDF-1.4 matrix"), save=False)
    report.full_clean()
    report.save()
    # Covers some of the project's assessments: the rest go to a merged assessment.
    report.assessment_types.set(AssessmentType.objects.order_by("pk")[:2])
    today = timezone.localdate()
    reuse_record(project=project, on=today, by=users[f"zone_{name}"])
    reuse = report.reuses.order_by("pk").first()
    assessment = project.merged_assessments.order_by("pk").first()
    if assessment is None:
        assessment = merged_assessment_start(project=project, by=by).assessment

    rated = closed_case(agent=agent, enterprise=enterprise)
    rating = case_rate(
        case=rated, level=RatingLevel.UNSATISFIED, comment="窗口排队太久", by=users[f"enterprise_{name}"]
    )
    unrated = closed_case(agent=agent, enterprise=enterprise)

    notification = Notification.objects.create(
        key=f"matrix-{name}",
        recipient=agent.user,
        kind=NotificationKind.STATUS,
        title=f"{label}办理进度",
        url=f"/projects/cases/{case.pk}/",
    )
    monthly_report = MonthlyReport(zone=zone, month=dt.date(2026, 4, 1), generated_at=timezone.now())
    monthly_report.pdf.save(f"matrix-{name}.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    case_type = ContentType.objects.get_for_model(case)
    side = Side(
        zone=zone,
        centre=centre,
        supervisor=supervisor,
        agent=agent,
        enterprise=enterprise,
        project=project,
        case=case,
        item=item,
        running_item=running_item,
        milestone=milestone,
        notice=notice,
        review=review,
        report=report,
        reuse=reuse,
        assessment=assessment,
        closed_case=unrated,
        rating=rating,
        callback=rated.callbacks.get(),
        alert=None,
        notification=notification,
        feed_token=feed_token_ensure(user=agent.user).token,
        audit_entry=AuditEntry.objects.filter(subject_type=case_type, subject_id=str(case.pk)).earliest("pk"),
        department=department,
        visit=visit,
        follow_up=visit.follow_ups.get(),
        markers=[enterprise.name, project.name, agent.user.full_name],
        submission=submission,
        unsubmitted=site_plan,
        monthly_report=monthly_report,
    )
    return side, users


def access_invitation_pending(side: Side):
    """A colleague of the side's enterprise contact, invited by the agent, not yet in."""
    from projects.portal.access.services import invitation_send

    colleague = EnterpriseContactFactory(enterprise=side.enterprise, user=None, name=f"{side.enterprise.name[0]}同事")
    invitation_send(enterprise=side.enterprise, by=side.agent.user, contact=colleague)
    return colleague


def matrix_world_build() -> MatrixWorld:
    fire = ReviewDiscipline.objects.get(code="fire")
    reviewer = UserFactory(username="reviewer", full_name="消防审查员", roles=[Role.REVIEWER])
    fire.reviewers.add(reviewer)
    a, users_a = _side("a", "甲")
    b, users_b = _side("b", "乙")
    agent_a2 = ProxyAgentFactory(
        centre=a.centre, user=UserFactory(username="agent_a2", full_name="甲代办员二", roles=[Role.AGENT])
    )
    a.spare_agent = agent_a2
    b.spare_agent = ProxyAgentFactory(
        centre=b.centre, user=UserFactory(username="agent_b2", full_name="乙代办员二", roles=[Role.AGENT])
    )
    users = {
        **users_a,
        **users_b,
        "agent_a2": agent_a2.user,
        "reviewer": reviewer,
        "editor": UserFactory(username="editor", full_name="门户编辑", roles=[Role.EDITOR]),
        "admin": UserFactory(
            username="admin", full_name="系统管理员", roles=[Role.ADMINISTRATOR], is_superuser=True, is_staff=True
        ),
    }
    Material.objects.get_or_create(name="营业执照", defaults={"source": "government"})
    sweep()
    for side in (a, b):
        side.alert = Alert.objects.filter(deadline__owner=side.agent.user, deadline__centre_key=side.centre.pk).first()
        side.colleague = access_invitation_pending(side)
    return MatrixWorld(
        users=users,
        sides={"a": a, "b": b},
        fire=fire,
        spare_item=ApprovalItemFactory(code="MX-SPARE", committed_days=10),
    )
