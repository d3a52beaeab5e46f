"""Every value a page reads from a request goes through a form: hostile values (a NUL
byte, 10,000 characters, NaN, 1e20, negatives, huge numbers, unknown choices, missing
fields) get a message or a 400, never a 500, and a refused post changes nothing.

The lists below name every page view that handles a POST and every page that reads
its query string; a new one fails ``test_every_post_view_is_listed`` (or its GET twin)
until it is listed here, so it is tried with the same values."""

import datetime as dt
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib import messages as django_messages
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from crm.audit.models import AuditEntry
from crm.calendar.workdays import is_working_day
from crm.models import Alert, Deadline, Notification
from crm.supervision.services import sweep
from projects.cases.handover import services as handover_services
from projects.cases.services import case_items_choose, case_open
from projects.drawings.services import (
    drawing_opinion_give,
    drawing_review_accept,
    drawing_review_start,
    drawing_review_submit,
)
from projects.investment.events import MilestoneEvent
from projects.investment.services import project_event_record
from projects.models import (
    ApprovalItem,
    CaseContact,
    CaseMessage,
    DrawingReview,
    DrawingReviewPause,
    EnterpriseContact,
    EnterpriseMaterial,
    Invitation,
    ItemKind,
    ItemPause,
    JointVisit,
    Material,
    MaterialRequirement,
    MaterialSubmission,
    MilestonePause,
    OneTimeNotice,
    OnlineLevel,
    Project,
    ProjectItem,
    ProxyCase,
    ReviewDiscipline,
    ReviewOpinion,
    ServiceCommitment,
    VisitAttendance,
    VisitFollowUp,
    VisitFollowUpPause,
)
from projects.notice.services import notice_issue
from projects.portal.submissions.services import submission_submit
from projects.ratings.services import case_rate
from projects.visits.services import visit_attendance_record, visit_issue, visit_schedule
from regional_assessments.merged.models import Expert, Intermediary, MergedAssessment, MergedAssessmentPause
from regional_assessments.merged.services import merged_assessment_start
from regional_assessments.reports.models import AssessmentType, ReportReuse, ZoneReport
from regional_assessments.reports.services import reuse_record
from tests.factories import DepartmentFactory, UserFactory
from tests.projects.ratings.scenario import closed_case

pytestmark = pytest.mark.django_db

NUL = "名称\x00注入"
HOSTILE = [NUL, "长" * 10_000, "NaN", "Infinity", "1e20", "-1", "99999999999999999999", "§unknown§"]
HOSTILE_SLUGS = ["unknown-action", "a" * 300]
OUR_APPS = ("crm.", "projects.", "regional_assessments.", "cms.")

TODAY = dt.date(2026, 3, 2)


# --- the URL patterns with a page view that reads a request -------------------------------------


def _patterns(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern), entry.callback


def _page_views() -> dict[str, Callable]:
    """Named page views of our apps (the JSON API has its own tests)."""
    views = {}
    for name, _route, callback in _patterns(get_resolver()):
        view = inspect.unwrap(callback)
        module = getattr(view, "__module__", "")
        if module.startswith(OUR_APPS) and ".api." not in module:
            views[name] = view
    return views


def _reads(view, *needles: str) -> bool:
    source = inspect.getsource(view)
    return any(needle in source for needle in needles)


# --- a world with one of everything a form acts on ----------------------------------------------


def _approval_item(code: str, needs: str = "") -> ApprovalItem:
    item = ApprovalItem.objects.create(
        code=code,
        name=f"事项{code}",
        department=DepartmentFactory(),
        legal_basis="《行政许可法》",
        kind=ItemKind.COMMITTED,
        statutory_days=10,
        committed_days=5,
        fee=Decimal(0),
        online_level=OnlineLevel.FULLY_ONLINE,
    )
    if needs:
        MaterialRequirement.objects.create(item=item, material=Material.objects.create(name=needs), order=1)
    return item


@pytest.fixture
def scene(world):
    agent, project = world.users["agent1"], world.own_project
    profile = agent.agent_profile
    # A running milestone overdue, so there is an alert to acknowledge.
    project_event_record(project=project, event=MilestoneEvent.PROJECT_FILED, on=TODAY, by=agent)
    permit = project.milestones.get(definition__code="construction_permit")
    deadline = Deadline.objects.get(subject_type=ContentType.objects.get_for_model(permit), subject_id=permit.pk)
    sweep(deadline.due_date + dt.timedelta(days=1))
    notification = Notification.objects.create(
        key="hostile-input", recipient=agent, kind="status", title="办理进度", url="/projects/workbench/"
    )
    # A case with an item, its notice issued, and a second item that needs a supplement.
    case = case_open(enterprise=project.enterprise, agent=profile, channel="phone", summary="咨询", by=agent, on=TODAY)
    (item,) = case_items_choose(case=case, approval_items=[_approval_item("H-1", "营业执照")], by=agent)
    notice_issue(case=case, by=agent, on=TODAY)
    case_items_choose(case=case, approval_items=[_approval_item("H-2", "环评报告")], by=agent)
    # Drawings: one package under review; a reviewer of the fire discipline.
    review = drawing_review_submit(project=project, package="一期", by=agent)
    drawing_review_accept(review=review, acceptance_no="LS-1", by=agent)
    drawing_review_start(review=review, by=agent)
    fire = ReviewDiscipline.objects.get(code="fire")
    reviewer = UserFactory(username="fire_reviewer", roles=["reviewer"])
    fire.reviewers.add(reviewer)
    # Ratings: one closed case to rate, one rated badly (a callback for the supervisor).
    to_rate = closed_case(agent=profile, enterprise=project.enterprise)
    rated = closed_case(agent=profile, enterprise=project.enterprise)
    case_rate(case=rated, level=1, dimensions={}, comment="太慢", by=world.users["enterprise1"])
    # Assessments: a zone report reused, and a merged assessment for the rest, scoped.
    covered = ["land_survey", "geological_hazard"]
    report = ZoneReport.objects.create(
        zone=project.zone, title="区域评估报告", issuing_body="管委会", valid_from=dt.date(2024, 1, 1)
    )
    report.assessment_types.set(AssessmentType.objects.filter(code__in=covered))
    left = AssessmentType.objects.exclude(code__in=covered)
    for n in range(3):
        Intermediary.objects.create(name=f"中介{n}").qualifications.set(left)
    for n in range(6):
        Expert.objects.create(name=f"专家{n}").specialties.set(left)
    reuse_record(project=project, on=TODAY, by=agent)
    merged_assessment_start(project=project, by=agent)
    # A hand-over request for another centre's project, on a case of that project's enterprise.
    foreign = world.other_project
    foreign_case = case_open(
        enterprise=foreign.enterprise, agent=profile, channel="phone", summary="咨询", by=agent, on=TODAY
    )
    handover = handover_services.handover_request(
        case=foreign_case, project_code=foreign.code, note="企业委托", by=agent
    )
    # Joint visits: one arranged, its attendance to record; one issued with a rectification open.
    department = item.approval_item.department
    visits = [
        visit_schedule(
            project=project,
            kind="survey",
            visit_on=TODAY,
            visit_time=dt.time(9, 30),
            place="项目地块",
            departments=[department],
            by=agent,
            on=TODAY,
        )
        for _n in range(2)
    ]
    visit_attendance_record(
        visit=visits[1],
        department=department,
        attended=True,
        attendees="王科长",
        finding="rectification",
        finding_text="补充排水方案",
        rectification_days=5,
        by=agent,
        on=TODAY,
    )
    issued_visit = visit_issue(visit=visits[1], by=agent, on=TODAY)
    return SimpleNamespace(
        world=world,
        project=project,
        permit=permit,
        alert=Alert.objects.get(deadline=deadline),
        notification=notification,
        case=case,
        item=item,
        review=review,
        fire=fire,
        to_rate=to_rate,
        callback=rated.callbacks.get(),
        reuse=ReportReuse.objects.filter(project=project).first(),
        assessment=MergedAssessment.objects.get(project=project),
        foreign_case=foreign_case,
        handover=handover,
        visit=visits[0],
        department=department,
        issued_visit=issued_visit,
        follow_up=issued_visit.follow_ups.get(),
    )


# --- what each POST view takes -------------------------------------------------------------------


@dataclass
class Post:
    user: str
    url: Callable  # scene -> path
    fields: Callable = lambda s: {}  # scene -> valid values
    actions: tuple = ()  # the action slugs the view's ``action`` takes (tried with each)
    client_kwargs: dict = field(default_factory=dict)


def _project(tail: str) -> Callable:
    return lambda s: f"/projects/{s.project.pk}/{tail}"


def _case(tail: str) -> Callable:
    return lambda s: f"/projects/cases/{s.case.pk}/{tail}"


def _next_working_day() -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("licence.pdf", b"%PDF-1.4 hostile", content_type="application/pdf")


def _submission(scene) -> MaterialSubmission:
    """The enterprise's upload of the notice's licence, waiting for the agent's review."""
    return submission_submit(
        case=scene.case,
        material=Material.objects.get(name="营业执照"),
        file=_pdf(),
        by=scene.world.users["enterprise1"],
    )


def ON(scene) -> dict:
    return {"on": f"{TODAY:%Y-%m-%d}"}


INVITEE = {"contact": "", "name": "李四", "position": "行政主管", "phone": "13900001111", "email": "li@example.com"}


def _invitation_link(scene) -> str:
    """A colleague of enterprise1 invited by the agent: the link's token."""
    from projects.portal.access.services import invitation_send

    _invitation, token = invitation_send(
        enterprise=scene.case.enterprise, by=scene.world.users["agent1"], name="赵六", phone="13900002222"
    )
    return token


def _invited(scene):
    """A colleague with a pending invitation (revoking it withdraws the link)."""
    _invitation_link(scene)
    return Invitation.objects.latest("pk").contact


POSTS = {
    "notification_open": Post("agent1", lambda s: f"/notifications/{s.notification.pk}/open/"),
    "notifications_read_all": Post("agent1", lambda s: "/notifications/read/"),
    "calendar_feed": Post("agent1", lambda s: "/calendar/", lambda s: {"action": "enable"}),
    "projects:alert_acknowledge": Post("supervisor", lambda s: f"/projects/alerts/{s.alert.pk}/acknowledge/"),
    "projects:case_new": Post(
        "agent1",
        lambda s: "/projects/cases/new/",
        lambda s: {
            "credit_code": "",
            "enterprise_name": "新设企业",
            "zone": s.project.zone_id,
            "industry": "C",
            "channel": "phone",
            "on": f"{TODAY:%Y-%m-%d}",
            "summary": "咨询",
            "contact_name": "李",
            "contact_phone": "139",
        },
    ),
    "projects:case_items": Post(
        "agent1",
        _case("items/"),
        lambda s: {
            "items": ApprovalItem.objects.get(code="H-1").pk,
            "bundle": "",
            "by_commitment": "",
        },
    ),
    "projects:case_project": Post(
        "agent1",
        _case("project/"),
        lambda s: {
            "code": "2026-320903-99-01-999999",
            "name": "新项目",
            "zone": s.project.zone_id,
            "location": "开放大道",
            "industry": "C",
            "project_type": "industrial",
            "investment_amount": "100.00",
            "land_area": "10.00",
        },
    ),
    "projects:case_authorise": Post(
        "agent1",
        _case("authorisation/"),
        lambda s: {
            "signed_on": f"{TODAY:%Y-%m-%d}",
            "signatory": "张总",
            "scope": "全流程代办",
        },
    ),
    "projects:case_commitment": Post(
        "agent1",
        _case("commitments/"),
        lambda s: {
            "content": "五个工作日内办结",
            "working_days": "5",
            **ON(s),
        },
    ),
    "projects:case_contact": Post(
        "agent1", _case("contacts/"), lambda s: {"channel": "phone", "summary": "回电", **ON(s)}
    ),
    "projects:case_reassign": Post(
        "supervisor",
        _case("reassign/"),
        lambda s: {
            "to": s.world.users["supervisor"].agent_profile.pk,
            "reason": "休假",
        },
    ),
    "projects:case_close": Post("agent1", _case("close/")),
    "projects:handover_request": Post(
        "agent1",
        lambda s: f"/projects/cases/{s.foreign_case.pk}/handover/",
        lambda s: {"project_code": s.world.other_project.code, "note": "企业委托"},
    ),
    "projects:handover_accept": Post("supervisor_b", lambda s: f"/projects/handovers/{s.handover.pk}/accept/"),
    "projects:handover_refuse": Post(
        "supervisor_b", lambda s: f"/projects/handovers/{s.handover.pk}/refuse/", lambda s: {"reason": "仍由本中心办理"}
    ),
    "projects:item_action": Post(
        "agent1",
        lambda s: f"/projects/cases/{s.case.pk}/items/{s.item.pk}/{{action}}/",
        lambda s: {
            "reason": "缺件",
            "acceptance_no": "SL-1",
            "decision_no": "JD-1",
            "note": "说明",
            "method": "push",
            "trips": "0",
            "carrier": "EMS",
            "tracking_no": "E1",
            **ON(s),
        },
        actions=("request_correction", "pass_prereview", "accept", "deliver"),
    ),
    "projects:reviewer_opinion": Post(
        "fire_reviewer",
        lambda s: f"/projects/drawings/{s.review.pk}/disciplines/{s.fire.pk}/opinion/",
        lambda s: {"verdict": "objection", "text": "疏散宽度不足"},
    ),
    "projects:rating_submit": Post(
        "enterprise1",
        lambda s: f"/projects/enterprise/ratings/{s.to_rate.pk}/",
        lambda s: {"level": "5", "comment": "很好", "speed": "5"},
    ),
    "projects:item_receipt": Post(
        "enterprise1",
        lambda s: f"/projects/enterprise/items/{s.to_rate.items.get().pk}/receipt/",
        lambda s: {"trips": "1", "back": "case"},
    ),
    "projects:callback_call": Post(
        "supervisor",
        lambda s: f"/projects/callbacks/{s.callback.pk}/call/",
        lambda s: {
            "person": "王经理",
            "summary": "已沟通",
            **ON(s),
        },
    ),
    "projects:callback_rectification": Post(
        "supervisor",
        lambda s: f"/projects/callbacks/{s.callback.pk}/rectification/",
        lambda s: {"rectification": "已加派人手", **ON(s)},
    ),
    "projects:callback_close": Post(
        "supervisor",
        lambda s: f"/projects/callbacks/{s.callback.pk}/close/",
        lambda s: {
            "outcome": "satisfied",
            **ON(s),
        },
    ),
    "projects:project_event": Post(
        "agent1", _project("events/"), lambda s: {"event": "property_title_issued", **ON(s)}
    ),
    "projects:drawings_submit": Post("agent1", _project("drawings/submit/"), lambda s: {"package": "二期"}),
    "projects:drawing_action": Post(
        "agent1",
        lambda s: f"/projects/{s.project.pk}/drawings/{s.review.pk}/{{action}}/",
        lambda s: {
            "discipline": s.fire.pk,
            "verdict": "objection",
            "text": "需修改",
            "acceptance_no": "LS-2",
            "certificate_no": "HG-1",
            "reason": "退回修改",
        },
        actions=("opinion", "accept", "consolidate", "return", "pass", "fail"),
    ),
    "projects:milestone_pause": Post(
        "agent1",
        lambda s: f"/projects/{s.project.pk}/milestones/{s.permit.pk}/pause/",
        lambda s: {"cause": "correction", "reason": "补正", **ON(s)},
    ),
    "projects:milestone_resume": Post(
        "agent1",
        lambda s: f"/projects/{s.project.pk}/milestones/{s.permit.pk}/resume/",
        ON,
    ),
    "projects:notice_issue": Post("agent1", _case("notice/issue/")),
    "projects:notice_supplement": Post("agent1", _case("notice/supplement/"), lambda s: {"reason": "新增环评事项"}),
    "projects:visit_schedule": Post(
        "agent1",
        _project("visits/schedule/"),
        lambda s: {
            "kind": "survey",
            "visit_on": f"{_next_working_day():%Y-%m-%d}",
            "visit_time": "09:30",
            "place": "项目地块",
            "departments": s.department.pk,
        },
    ),
    "projects:visit_attendance": Post(
        "agent1",
        lambda s: f"/projects/{s.project.pk}/visits/{s.visit.pk}/attendance/",
        lambda s: {
            "department": s.department.pk,
            "attended": "yes",
            "attendees": "王科长",
            "finding": "rectification",
            "finding_text": "补充排水方案",
            "rectification_days": "5",
            "waits_on": "enterprise",
            **ON(s),
        },
    ),
    "status:verification_code_renew": Post("agent1", lambda s: f"/status/projects/{s.project.pk}/verification-code/"),
    "projects:visit_issue": Post("agent1", lambda s: f"/projects/{s.project.pk}/visits/{s.visit.pk}/issue/", ON),
    "projects:visit_follow_up": Post(
        "agent1",
        lambda s: f"/projects/{s.project.pk}/visits/{s.issued_visit.pk}/follow-ups/{s.follow_up.pk}/{{action}}/",
        lambda s: {"note": "已补充", "cause": "expert_review", "reason": "专家论证", **ON(s)},
        actions=("pause", "resume", "close"),
    ),
    "projects:case_invite": Post("agent1", _case("access/invite/"), lambda s: INVITEE),
    "projects:case_access_revoke": Post(
        "agent1", lambda s: f"/projects/cases/{s.case.pk}/access/{_invited(s).pk}/revoke/"
    ),
    "projects:access_invite": Post("enterprise1", lambda s: "/projects/enterprise/access/invite/", lambda s: INVITEE),
    "projects:access_revoke": Post("enterprise1", lambda s: f"/projects/enterprise/access/{_invited(s).pk}/revoke/"),
    "projects:invitation_accept": Post(
        "nobody",
        lambda s: f"/projects/invitation/{_invitation_link(s)}/",
        lambda s: {"new_password1": "Qiye-2026-mima", "new_password2": "Qiye-2026-mima"},
    ),
    "projects:case_message": Post("enterprise1", _case("messages/"), lambda s: {"body": "请问进度"}),
    "projects:submission_new": Post(
        "enterprise1",
        _case("materials/submit/"),
        lambda s: {"material": Material.objects.get(name="营业执照").pk, "file": _pdf()},
    ),
    "projects:submission_review": Post(
        "agent1",
        lambda s: f"/projects/cases/{s.case.pk}/materials/{_submission(s).pk}/review/",
        lambda s: {"decision": "again", "reason": "缺少盖章页"},
    ),
    "project_reuse_record": Post("agent1", _project("assessments/reuse/")),
    "project_reuse_savings": Post(
        "agent1",
        lambda s: f"/projects/{s.project.pk}/assessments/reuse/{s.reuse.pk}/savings/",
        lambda s: {"days_saved": "12", "fee_saved": "80000.00"},
    ),
    "project_merged_start": Post("agent1", _project("assessments/merged/")),
    "projects:monthly_report_regenerate": Post(
        "supervisor",
        lambda s: "/projects/monthly-reports/generate/",
        lambda s: {"zone": s.project.zone_id, "month": "2026-02"},
    ),
    "project_merged_move": Post(
        "agent1",
        lambda s: f"/projects/{s.project.pk}/assessments/merged/{s.assessment.pk}/{{action}}/",
        lambda s: {"expected_state": "", "count": "3", "reason": "补充论证", "approval_no": "批〔2026〕1号"},
        actions=("draw-intermediary", "start-compiling", "draw-experts", "request-revision", "approve"),
    ),
}


def _sheet_confirmations() -> dict[str, Post]:
    """Every admin sheet import's confirmation (the preview's 确认导入), sent as if altered:
    the stored file's name, the original name and the format are all the client's."""
    from django.contrib import admin

    from crm.imports.admin import SheetImportMixin

    confirmations = {}
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, SheetImportMixin):
            name = f"admin:{model._meta.app_label}_{model._meta.model_name}_process_import"
            confirmations[name] = Post(
                "admin",
                lambda s, name=name: reverse(name),
                lambda s: {"import_file_name": "tmpabc123", "original_file_name": "表.xlsx", "format": "0"},
            )
    return confirmations


POSTS |= _sheet_confirmations()

# What any post might write: a refused one must leave all of it as it was.
WATCHED = [
    AuditEntry,
    CaseMessage,
    EnterpriseContact,
    Invitation,
    ProxyCase,
    ProjectItem,
    ItemPause,
    CaseContact,
    ServiceCommitment,
    OneTimeNotice,
    DrawingReview,
    DrawingReviewPause,
    ReviewOpinion,
    MilestonePause,
    MergedAssessmentPause,
    Project,
    JointVisit,
    VisitFollowUp,
    VisitFollowUpPause,
    MaterialSubmission,
    EnterpriseMaterial,
]


def _fingerprint(scene) -> tuple:
    states = (
        ProjectItem.objects.filter(pk=scene.item.pk).values_list("state", flat=True).first(),
        DrawingReview.objects.filter(pk=scene.review.pk).values_list("state", flat=True).first(),
        MergedAssessment.objects.filter(pk=scene.assessment.pk).values_list("state", flat=True).first(),
        tuple(ReportReuse.objects.filter(pk=scene.reuse.pk).values_list("days_saved", "fee_saved").first() or ()),
        tuple(VisitAttendance.objects.order_by("pk").values_list("attended", "finding", "finding_text", "recorded_on")),
        tuple(JointVisit.objects.order_by("pk").values_list("state", "record_no")),
        tuple(VisitFollowUp.objects.order_by("pk").values_list("closed_on", "paused_on", "due_date")),
        tuple(MaterialSubmission.objects.order_by("pk").values_list("state", "review_reason")),
    )
    return tuple(model.objects.count() for model in WATCHED) + states


def _refused(response) -> bool:
    if response.status_code >= 400:
        return True
    return any(m.level == django_messages.ERROR for m in get_messages(response.wsgi_request))


def _user(scene, key: str):
    if key == "fire_reviewer":
        return scene.fire.reviewers.get(username="fire_reviewer")
    return scene.world.users[key]


def _variants(valid: dict):
    """Each field in turn set to each hostile value; each field missing; nothing at all."""
    for name in valid:
        for value in HOSTILE:
            yield f"{name}={value[:12]!r}", {**valid, name: value}
        yield f"{name} missing", {k: v for k, v in valid.items() if k != name}
    if not valid:  # a button without fields: hostile extras are ignored, never trusted
        for value in HOSTILE:
            yield f"extra={value[:12]!r}", {"action": value, "page": value}
    yield "empty", {}


def _forget_messages(client) -> None:
    """Drop messages earlier posts left unshown, so those of this post are judged alone."""
    client.cookies.pop("messages", None)
    session = client.session
    if session.pop("_messages", None) is not None:
        session.save()


def _post(client, scene, path: str, data: dict, label: str) -> None:
    _forget_messages(client)
    before = _fingerprint(scene)
    response = client.post(path, data)
    assert response.status_code < 500, f"{path} {label}: {response.status_code}"
    if _refused(response):
        assert _fingerprint(scene) == before, f"{path} {label}: refused, yet the database changed"


def test_every_post_view_is_listed():
    handling_post = {name for name, view in _page_views().items() if _reads(view, "POST")}
    assert handling_post == set(POSTS), "list each new POST view in POSTS with its fields"


@pytest.mark.parametrize("name", sorted(POSTS))
def test_hostile_posts_get_a_message_never_a_500(scene, name):
    spec = POSTS[name]
    client = Client(raise_request_exception=True)
    client.force_login(_user(scene, spec.user))
    path, valid = spec.url(scene), spec.fields(scene)
    for action in spec.actions or (None,):
        target = path.format(action=action) if action else path
        for label, data in _variants(valid):
            _post(client, scene, target, data, label)
    for slug in HOSTILE_SLUGS if spec.actions else ():
        _post(client, scene, path.format(action=slug), valid, f"action={slug[:12]}")


def test_the_hostile_values_reach_the_services_only_as_clean_values(scene):
    """The values that used to give a 500 now give the form's message, on the page."""
    client = Client()
    client.force_login(scene.world.users["agent1"])
    base = f"/projects/{scene.project.pk}"

    def shown(path: str, data: dict) -> str:
        return client.post(path, data, follow=True).content.decode()

    assert "图纸包名称：" in shown(f"{base}/drawings/submit/", {"package": NUL})
    assert "60" in shown(f"{base}/drawings/submit/", {"package": "包" * 61})
    assert "审查结论" in shown(f"{base}/drawings/{scene.review.pk}/opinion/", {"discipline": scene.fire.pk})
    assert "审查结论" in shown(
        f"{base}/drawings/{scene.review.pk}/opinion/", {"discipline": scene.fire.pk, "verdict": "maybe"}
    )
    assert "专业" in shown(f"{base}/drawings/{scene.review.pk}/opinion/", {"discipline": "abc", "verdict": "pass"})
    savings = f"{base}/assessments/reuse/{scene.reuse.pk}/savings/"
    for days, fee in (("5", "NaN"), ("5", "1e20"), ("40000", "1"), ("5", "Infinity")):
        assert "节省" in shown(savings, {"days_saved": days, "fee_saved": fee})
    assert ReportReuse.objects.get(pk=scene.reuse.pk).days_saved == scene.reuse.days_saved
    assert DrawingReview.objects.count() == 1  # the NUL and the 61-character packages were refused


def test_a_refused_supplement_keeps_what_was_typed(scene):
    client = Client()
    client.force_login(scene.world.users["agent1"])
    typed = "新增环评事项" * 60  # 360 characters: over the 300 the notice keeps
    response = client.post(f"/projects/cases/{scene.case.pk}/notice/supplement/", {"reason": typed})
    page = response.content.decode()
    assert response.status_code == 400
    assert typed in page and "300" in page  # kept in the field, the limit beside it
    assert scene.case.notices.count() == 1


def test_refused_posts_come_back_with_what_was_typed(scene):
    client = Client()
    client.force_login(scene.world.users["agent1"])
    base = f"/projects/{scene.project.pk}"
    typed = "二期厂房" * 16  # 64 characters: over the 60 a package name may have
    page = client.post(f"{base}/drawings/submit/", {"package": typed}, follow=True).content.decode()
    assert f'value="{typed}"' in page and "60" in page
    page = client.post(
        f"{base}/assessments/reuse/{scene.reuse.pk}/savings/", {"days_saved": "7", "fee_saved": "NaN"}, follow=True
    ).content.decode()
    assert 'value="NaN"' in page and 'value="7"' in page
    reason = "缺" * 301
    page = client.post(
        f"/projects/cases/{scene.case.pk}/items/{scene.item.pk}/request_correction/",
        {"on": f"{TODAY:%Y-%m-%d}", "reason": reason},
        follow=True,
    ).content.decode()
    assert f'value="{reason}"' in page
    page = client.post(
        f"/projects/cases/{scene.case.pk}/commitments/",
        {"content": "五日办结", "working_days": "1e20", **ON(scene)},
        follow=True,
    ).content.decode()
    assert 'value="五日办结"' in page and 'value="1e20"' in page
    page = client.post(
        f"{base}/milestones/{scene.permit.pk}/pause/",
        {"cause": "correction", "reason": "补" * 301, **ON(scene)},
        follow=True,
    ).content.decode()
    assert "补" * 301 in page
    # Once shown, the typed values are gone: the next visit starts afresh.
    assert "补" * 301 not in client.get(f"{base}/").content.decode()
    client.force_login(scene.world.users["supervisor"])
    summary = "沟通" * 501
    page = client.post(
        f"/projects/callbacks/{scene.callback.pk}/call/",
        {"person": "王经理", "summary": summary, **ON(scene)},
        follow=True,
    ).content.decode()
    assert summary in page and 'value="王经理"' in page
    client.force_login(scene.world.users["enterprise1"])
    comment = "慢" * 501
    page = client.post(
        f"/projects/enterprise/ratings/{scene.to_rate.pk}/", {"level": "2", "comment": comment}, follow=True
    ).content.decode()
    assert comment in page and 'value="2" required checked' in page
    client.force_login(scene.fire.reviewers.get())
    text = "疏散" * 1001
    page = client.post(
        f"/projects/drawings/{scene.review.pk}/disciplines/{scene.fire.pk}/opinion/",
        {"verdict": "objection", "text": text},
        follow=True,
    ).content.decode()
    assert f'value="{text}"' in page and 'value="objection" selected' in page


# --- query strings ----------------------------------------------------------------------------

GET_PAGES = {
    "projects:workbench": ("supervisor", lambda s: "/projects/workbench/"),
    "notifications": ("agent1", lambda s: "/notifications/"),
}
# Pages that read nothing from the query string, requested with hostile ones anyway.
OTHER_PAGES = [
    ("agent1", lambda s: "/projects/agent/"),
    ("supervisor", lambda s: "/projects/centre/"),
    ("enterprise1", lambda s: "/projects/enterprise/"),
    ("agent1", lambda s: f"/projects/{s.project.pk}/"),
    ("agent1", lambda s: f"/projects/{s.project.pk}/drawings/"),
    ("agent1", lambda s: f"/projects/{s.project.pk}/visits/"),
    ("agent1", lambda s: f"/projects/{s.project.pk}/visits/{s.issued_visit.pk}/"),
    ("enterprise1", lambda s: f"/projects/{s.project.pk}/visits/{s.issued_visit.pk}/record/"),
    ("agent1", lambda s: f"/projects/{s.project.pk}/assessments/"),
    ("agent1", lambda s: f"/projects/cases/{s.case.pk}/notice/"),
    ("supervisor", lambda s: "/projects/callbacks/"),
    ("agent1", lambda s: "/projects/drawings/queue/"),
    ("zone_a", lambda s: "/zone/reports/"),
    ("admin", lambda s: "/zone/figures/"),
    ("agent1", lambda s: "/calendar/"),
]
PARAMS = ["q", "page", "zone", "department", "milestone", "state", "mine"]


# Pages whose query string is a search of their own (no page number): name → (user, address,
# the parameters it reads).
SEARCH_PAGES = {
    "projects:case_detail": ("agent1", lambda s: f"/projects/cases/{s.case.pk}/", ("q",)),  # the item picker
}


# Pages whose only query parameter is ``export`` (the list as a spreadsheet): name → (user, address).
EXPORT_PAGES = {
    "projects:supervisor_home": ("supervisor", lambda s: "/projects/centre/"),
    "regional_assessments:report_list": ("zone_a", lambda s: "/zone/reports/"),
}


# Public pages whose query string is a form of their own (not filters and a page number):
# name → (the parameters it reads, a valid query of the scene).
PUBLIC_LOOKUPS = {
    "status:lookup": (
        ("code", "verify"),
        lambda s: {"code": s.project.code, "verify": s.project.verification_code},
    ),
}


# Pages whose query string is a form of their own choosing what to show (a zone, a month):
# name → (user, address, the parameters it reads, a valid query of the scene). A bad value
# gives the page again (400) with the message beside its field.
FORM_PAGES = {
    "projects:monthly_report_choose": (
        "supervisor",
        lambda s: "/projects/monthly-reports/report/",
        ("zone", "month"),
        lambda s: {"zone": s.project.zone_id, "month": "2026-02"},
    ),
}


def test_every_page_reading_its_query_string_is_listed():
    reading = {name for name, view in _page_views().items() if _reads(view, "request.GET")}
    listed = set(GET_PAGES) | set(PUBLIC_LOOKUPS) | set(SEARCH_PAGES) | set(EXPORT_PAGES) | set(FORM_PAGES)
    assert reading == listed, (
        "list each new page that reads request.GET in GET_PAGES (or PUBLIC_LOOKUPS, SEARCH_PAGES, EXPORT_PAGES, FORM_PAGES)"
    )


@pytest.mark.parametrize("name", sorted(FORM_PAGES))
def test_hostile_choices_get_the_page_again_with_the_message(scene, name):
    who, url, params, valid = FORM_PAGES[name]
    client = Client(raise_request_exception=True)
    client.force_login(scene.world.users[who])
    path = url(scene)
    good = valid(scene) if valid else {}
    assert client.get(path, good).status_code in (200, 302)
    for param in params:
        for value in HOSTILE:
            response = client.get(path, {**good, param: value})
            assert response.status_code in (200, 302, 400), (param, value[:12], response.status_code)
            if response.status_code == 400:
                page = response.content.decode()
                assert "field-error" in page or "请求无效" in page, (param, value[:12])
                assert value not in page or len(value) <= 20, (param, value[:12])  # a long value is never echoed whole


@pytest.mark.parametrize("name", sorted({**EXPORT_PAGES, **GET_PAGES}))
def test_hostile_export_values_get_a_400_with_a_message(scene, name):
    who, url = {**EXPORT_PAGES, **GET_PAGES}[name][:2]
    client = Client(raise_request_exception=True)
    client.force_login(scene.world.users[who])
    path = url(scene)
    if name in EXPORT_PAGES:
        for value in HOSTILE:
            response = client.get(path, {"export": value})
            assert response.status_code in (200, 400), (value[:12], response.status_code)
            if response.status_code == 400:
                assert "请求无效" in response.content.decode()
        refused = client.get(path, {"export": NUL})
        assert refused.status_code == 400 and "导出" in refused.content.decode()
    sheet = client.get(path, {"export": "xlsx"})
    if name == "notifications":  # reads its filters, not ``export``: the page as usual
        assert sheet.status_code == 200 and sheet["Content-Type"].startswith("text/html")
    else:
        assert sheet.status_code == 200 and "spreadsheetml" in sheet["Content-Type"]


@pytest.mark.parametrize("name", sorted(SEARCH_PAGES))
def test_hostile_searches_get_a_400_with_a_message_and_other_parameters_are_ignored(scene, name):
    who, url, params = SEARCH_PAGES[name]
    client = Client(raise_request_exception=True)
    client.force_login(scene.world.users[who])
    path = url(scene)
    for param in params:
        for value in HOSTILE:
            response = client.get(path, {param: value})
            assert response.status_code in (200, 400), (param, value[:12], response.status_code)
            if response.status_code == 400:
                assert "请求无效" in response.content.decode()
        assert client.get(path, {param: NUL}).status_code == 400
    for value in (NUL, "长" * 10_000, "NaN", "1e20", "-1"):
        others = {p: value for p in PARAMS if p not in params}
        assert client.get(path, others).status_code == 200, value[:12]


@pytest.mark.parametrize("name", sorted(PUBLIC_LOOKUPS))
def test_hostile_lookups_get_the_page_with_a_message_never_a_500(scene, settings, name):
    settings.STATUS_LOOKUP_RATE_PER_ADDRESS = settings.STATUS_LOOKUP_RATE_PER_CODE = "10000/m"
    params, valid = PUBLIC_LOOKUPS[name]
    client = Client(raise_request_exception=True)
    path = reverse(name)
    good = valid(scene)
    assert client.get(path, good).status_code == 200
    for param in params:
        for value in HOSTILE:
            response = client.get(path, {**good, param: value})
            assert response.status_code == 200, (param, value[:12], response.status_code)
            assert "不正确" in response.content.decode()
        response = client.get(path, {k: v for k, v in good.items() if k != param})
        assert response.status_code == 200 and "不正确" in response.content.decode()


@pytest.mark.parametrize("name", sorted(GET_PAGES))
def test_hostile_query_strings_get_a_400_with_a_message(scene, name):
    who, url = GET_PAGES[name]
    client = Client(raise_request_exception=True)
    client.force_login(scene.world.users[who])
    path = url(scene)
    assert client.get(path, {"page": "1"}).status_code == 200
    for param in PARAMS:
        for value in HOSTILE:
            response = client.get(path, {param: value})
            assert response.status_code in (200, 400), (param, value[:12], response.status_code)
            if response.status_code == 400:
                assert "请求无效" in response.content.decode()
    refused = client.get(path, {"page": NUL})
    assert refused.status_code == 400 and "页码" in refused.content.decode()


def test_the_workbench_filters_refuse_what_they_cannot_read(scene):
    client = Client()
    client.force_login(scene.world.users["supervisor"])
    for query in (
        {"q": NUL},
        {"q": "x" * 101},
        {"zone": "NaN"},
        {"zone": "99999999999999999999"},
        {"state": "§unknown§"},
        {"milestone": "nope"},
        {"page": "1e20"},
        {"department": "-1"},
    ):
        response = client.get("/projects/workbench/", query)
        assert response.status_code == 400, query
    fine = client.get(
        "/projects/workbench/",
        {
            "q": "年产",
            "zone": scene.project.zone_id,
            "state": "preparing",
            "milestone": "construction_permit",
            "mine": "1",
            "page": "2",
        },
    )
    assert fine.status_code == 200


def test_other_pages_ignore_hostile_query_strings(scene):
    client = Client(raise_request_exception=True)
    for who, url in OTHER_PAGES:
        client.force_login(scene.world.users[who])
        path = url(scene)
        for value in (NUL, "长" * 10_000, "NaN", "1e20", "-1"):
            response = client.get(path, dict.fromkeys(PARAMS, value))
            assert response.status_code == 200, (path, value[:12], response.status_code)


def test_a_return_reason_as_long_as_allowed_fits_the_milestone_pause_that_quotes_it(scene):
    """The milestone's pause quotes the package and the reason: cut to fit, not a 500."""
    agent = scene.world.users["agent1"]
    for discipline in scene.review.disciplines.all():
        drawing_opinion_give(review=scene.review, discipline=discipline, verdict="objection", text="需修改", by=agent)
    client = Client()
    client.force_login(agent)
    base = f"/projects/{scene.project.pk}/drawings/{scene.review.pk}"
    client.post(f"{base}/consolidate/")
    reason = "改" * 300
    response = client.post(f"{base}/return/", {"reason": reason})
    assert response.status_code == 302
    assert DrawingReview.objects.get(pk=scene.review.pk).state == "returned"
    assert DrawingReviewPause.objects.get(review=scene.review).reason == reason
    quoted = MilestonePause.objects.get(milestone__project=scene.project, milestone__definition__code="drawing_review")
    assert len(quoted.reason) == 300 and quoted.reason.endswith("…") and quoted.reason.startswith("施工图（一期）")


def test_a_made_up_calendar_address_is_not_found(client):
    for token in ("a" * 300, "-1", "NaN"):
        assert client.get(f"/calendar/{token}.ics").status_code == 404
