"""The demo tells one story: loaded once, every project's milestones agree with the
items, drawing reviews and merged assessments that move them; every step is dated in
the past and in order; and each feature can be seen on the pages of the demo users
without creating anything by hand."""

import datetime as dt
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from crm.accounts.models import User
from crm.accounts.roles import HOME_URL_NAMES, Role, user_roles
from crm.audit.models import AuditEntry
from crm.models import Notification, NotificationKind
from crm.organisation.models import Zone
from projects.models import (
    MILESTONE_OPEN_STATES,
    Callback,
    CallbackState,
    CaseState,
    DrawingReviewState,
    ItemBundle,
    ItemState,
    Milestone,
    MilestoneState,
    Project,
    ProjectItem,
    ProxyCase,
    Rating,
    RatingLevel,
)
from projects.monthly_reports.models import MonthlyReport
from projects.monthly_reports.selectors import previous_month_first
from regional_assessments.merged.models import MERGED_OPEN, MergedAssessment, MergedAssessmentState
from regional_assessments.reports.figures import assessment_figures
from regional_assessments.reports.models import ReportReuse, ZoneReport
from regional_assessments.reports.selectors import assessments_needed, zone_report_list

# The catalogue items whose decisions finish (and acceptance starts) each milestone.
ITEM_MILESTONES = {
    "registration": ["企业设立登记"],
    "property_title": ["国有建设用地使用权首次登记", "国有建设用地使用权及房屋所有权首次登记"],
}
DECIDED = (ItemState.APPROVED, ItemState.REJECTED, ItemState.DELIVERED)
ACCEPTED_OR_LATER = (ItemState.ACCEPTED, ItemState.IN_REVIEW, ItemState.RETURNED, *DECIDED)
DRAWING_ACCEPTED_OR_LATER = [s for s in DrawingReviewState.values if s != DrawingReviewState.SUBMITTED]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once in a transaction rolled back when the module ends; each
    test runs in a savepoint inside it (the ``db`` fixture)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = StringIO()
            call_command("demo", stdout=out)
            files = [report.file.name for report in ZoneReport.objects.exclude(file="")]
            monthly = [report.pdf.name for report in MonthlyReport.objects.all()]
            yield out.getvalue()
        finally:
            for name in files:
                ZoneReport._meta.get_field("file").storage.delete(name)
            for name in monthly:
                MonthlyReport._meta.get_field("pdf").storage.delete(name)
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def story(demo, db):
    return demo


def _items(project, names) -> list[ProjectItem]:
    return list(ProjectItem.objects.filter(case__project=project, approval_item__name__in=names))


def _milestone_problems(project: Project) -> list[str]:
    """Every way the project's milestones contradict its work, in words."""
    problems = []
    merged = list(project.merged_assessments.all())
    reviews = list(project.drawing_reviews.all())
    for m in project.milestones.select_related("definition"):
        code, where = m.definition.code, f"{project.name} {m.definition.name}（{m.get_state_display()}）"
        open_pauses = m.pauses.filter(resumed_on__isnull=True).count()
        if m.state == MilestoneState.PAUSED and open_pauses != 1:
            problems.append(f"{where}: paused with {open_pauses} open pauses")
        if m.state != MilestoneState.PAUSED and open_pauses:
            problems.append(f"{where}: an open pause while not paused")
        if m.state == MilestoneState.COMPLETED and not (m.started_on and m.finished_on and m.outcome):
            problems.append(f"{where}: completed without dates or outcome")
        if code == "assessments":
            approved = [a for a in merged if a.state == MergedAssessmentState.APPROVED]
            open_ = [a for a in merged if a.state in MERGED_OPEN]
            needed = {t.pk for t in assessments_needed(project)}
            reused = set(project.report_reuses.values_list("assessment_type_id", flat=True))
            if m.state == MilestoneState.COMPLETED:
                by_approval = any(a.approved_on == m.finished_on for a in approved)
                if not by_approval and not (needed <= reused and not merged):
                    problems.append(f"{where}: no approved merged assessment and no full reuse")
            elif m.state == MilestoneState.PENDING and merged:
                problems.append(f"{where}: a merged assessment exists")
            if open_:
                revising = open_[0].state == MergedAssessmentState.REVISING
                expected = MilestoneState.PAUSED if revising else MilestoneState.RUNNING
                if m.state != expected or m.started_on != open_[0].scoped_on:
                    problems.append(f"{where}: open merged assessment {open_[0].get_state_display()}")
            if approved and m.state != MilestoneState.COMPLETED:
                problems.append(f"{where}: the merged assessment is approved")
        elif code == "drawing_review":
            accepted = [r for r in reviews if r.state in DRAWING_ACCEPTED_OR_LATER]
            if m.state == MilestoneState.COMPLETED:
                if not any(
                    r.state == DrawingReviewState.PASSED and r.certificate_no and r.decided_on == m.finished_on
                    for r in reviews
                ):
                    problems.append(f"{where}: no certified drawing review")
            elif m.state == MilestoneState.PENDING and accepted:
                problems.append(f"{where}: a drawing review was accepted")
            elif m.state in MILESTONE_OPEN_STATES:
                running = [r for r in accepted if r.state not in (DrawingReviewState.PASSED, DrawingReviewState.FAILED)]
                if not running:
                    problems.append(f"{where}: no drawing review under way")
                elif (running[0].state == DrawingReviewState.RETURNED) != (m.state == MilestoneState.PAUSED):
                    problems.append(f"{where}: drawing review {running[0].get_state_display()}")
            if any(r.state == DrawingReviewState.PASSED for r in reviews) and m.state != MilestoneState.COMPLETED:
                problems.append(f"{where}: the drawings passed")
        elif code in ITEM_MILESTONES:
            items = _items(project, ITEM_MILESTONES[code])
            accepted = [i for i in items if i.state in ACCEPTED_OR_LATER]
            if m.state == MilestoneState.COMPLETED and not any(i.decided_on == m.finished_on for i in items):
                problems.append(f"{where}: no item decided that day")
            if m.state != MilestoneState.PENDING and not any(i.started_on == m.started_on for i in accepted):
                problems.append(f"{where}: no item accepted that day")
            if m.state == MilestoneState.PENDING and accepted:
                problems.append(f"{where}: an item was accepted")
            if any(i.state in DECIDED for i in items) and m.state != MilestoneState.COMPLETED:
                problems.append(f"{where}: the item was decided")
            if any(i.state == ItemState.RETURNED for i in items) and m.state != MilestoneState.PAUSED:
                problems.append(f"{where}: the item is returned")
        elif code == "construction_permit":
            permits = _items(project, ["建筑工程施工许可证核发"])
            if m.state == MilestoneState.COMPLETED and not any(i.decided_on == m.finished_on for i in permits):
                problems.append(f"{where}: no permit issued that day")
            if any(i.state in DECIDED for i in permits) and m.state != MilestoneState.COMPLETED:
                problems.append(f"{where}: the permit was issued")
            if m.state == MilestoneState.COMPLETED and not reviews:
                problems.append(f"{where}: permit issued without drawings reviewed")
    return problems


def test_every_project_s_milestones_agree_with_its_work(story):
    projects = list(Project.objects.order_by("pk"))
    assert len(projects) >= 12
    problems = [problem for project in projects for problem in _milestone_problems(project)]
    assert problems == []
    states = set(Project.objects.values_list("milestones__state", flat=True))
    assert states == set(MilestoneState.values)


def test_work_of_every_kind_is_in_several_states(story):
    assert {a.state for a in MergedAssessment.objects.all()} >= {
        MergedAssessmentState.COMPILING,
        MergedAssessmentState.IN_JOINT_REVIEW,
        MergedAssessmentState.REVISING,
        MergedAssessmentState.APPROVED,
    }
    from projects.models import DrawingReview

    assert {r.state for r in DrawingReview.objects.all()} >= {DrawingReviewState.IN_REVIEW, DrawingReviewState.PASSED}
    returned_once = DrawingReview.objects.filter(state=DrawingReviewState.PASSED, round=2)
    assert returned_once.exists()
    assert {i.state for i in ProjectItem.objects.all()} >= {
        ItemState.PREPARING,
        ItemState.CORRECTING,
        ItemState.ACCEPTED,
        ItemState.IN_REVIEW,
        ItemState.RETURNED,
        ItemState.DELIVERED,
    }


def test_items_keep_their_acceptance_and_decision(story):
    items = list(ProjectItem.objects.select_related("approval_item"))
    for item in items:
        if item.state in ACCEPTED_OR_LATER:
            assert item.acceptance_no and item.submitted_on and item.started_on, item
            assert item.submitted_on <= item.started_on, item
        if item.state in DECIDED:
            assert item.decision_no and item.decided_on and item.decided_on >= item.started_on, item
        if item.state == ItemState.DELIVERED:
            assert item.delivered_on >= item.decided_on and item.delivery_method and item.trips == 0, item


def test_every_step_is_dated_in_the_past_in_order_and_on_a_working_day(story):
    from crm.calendar.workdays import is_working_day

    today = timezone.localdate()
    entries = AuditEntry.objects.exclude(effective_on=None).order_by("at", "pk")
    assert entries.filter(effective_on__gt=today).count() == 0
    last: dict[tuple, dt.date] = {}
    for entry in entries.values("subject_type_id", "subject_id", "effective_on", "event"):
        key = (entry["subject_type_id"], entry["subject_id"])
        assert entry["effective_on"] >= last.get(key, dt.date.min), entry
        last[key] = entry["effective_on"]
    days = set(entries.filter(event__startswith="item.").values_list("effective_on", flat=True))
    assert days and all(is_working_day(day) for day in days)
    assert min(days) < today - dt.timedelta(days=300)  # the story spans the past year


def test_every_case_past_intake_has_its_one_time_notice(story):
    past_intake = ProxyCase.objects.exclude(state=CaseState.INTAKE)
    assert past_intake.count() >= 8
    for case in past_intake:
        notice = case.notices.order_by("sequence").first()
        assert notice is not None, case
        first_submission = case.items.exclude(submitted_on=None).order_by("submitted_on").first()
        assert first_submission is None or notice.issued_on <= first_submission.submitted_on, case


def test_closed_cases_are_rated_one_below_satisfied_with_its_callback_and_rectification(story):
    closed = ProxyCase.objects.filter(state=CaseState.CLOSED)
    ratings = list(Rating.objects.filter(case__in=closed))
    assert len(ratings) == closed.count() >= 2
    below = [r for r in ratings if r.level < RatingLevel.SATISFIED]
    assert below and any(r.level >= RatingLevel.SATISFIED for r in ratings)
    for rating in below:
        callback = Callback.objects.get(rating=rating)
        assert callback.state == CallbackState.CLOSED
        assert callback.called_on and callback.call_summary and callback.rectified_on and callback.rectification
        assert rating.rated_on <= callback.called_on <= callback.rectified_on <= callback.closed_on


def test_zone_reports_have_their_pdf_and_reuse_spreads_over_the_past_year(story):
    today = timezone.localdate()
    reports = list(ZoneReport.objects.all())
    assert len(reports) >= 2
    for report in reports:
        assert report.file and report.file_name.endswith(".pdf")
        with report.file.open("rb") as file:
            assert len(PdfReader(BytesIO(file.read())).pages) == 1
    days = sorted(ReportReuse.objects.values_list("reused_on", flat=True).distinct())
    assert len(days) >= 3 and days[-1] <= today
    assert today - days[0] <= dt.timedelta(days=366) and days[-1] - days[0] >= dt.timedelta(days=180)


def test_zone_figures_count_what_the_zone_lists(story):
    """The figures page and the committee's pages count the same rows."""
    committee = User.objects.get(username="zone")
    zone = Zone.objects.get(pk=committee.zone_id)
    projects = Project.objects.filter(zone_id__in=zone.ids_within())
    figures = assessment_figures(projects)
    reports = zone_report_list(committee, timezone.localdate())
    assert figures.reused == sum(r.reuse_count for r in reports) > 0
    merged = MergedAssessment.objects.filter(project__in=projects)
    assert figures.merged_on_time + figures.merged_late + figures.merged_running == merged.count() >= 3
    started = Milestone.objects.filter(project__in=projects, definition__code="assessments").exclude(
        state=MilestoneState.PENDING
    )
    assert started.count() == merged.count()  # no project of the zone was spared every assessment
    assert figures.commissioned == sum(a.assessment_types.count() for a in merged)
    client = Client()
    client.force_login(committee)
    page = client.get(reverse("regional_assessments:figures")).content.decode()
    assert "多评合一（项）" in page and "委托评估（项次）" in page
    home = client.get(reverse("regional_assessments:committee_home")).content.decode()
    assert home.count("多评合一：") == projects.filter(project_type="industrial").count()


def test_the_item_picker_offers_the_bundles(story):
    bundles = list(ItemBundle.objects.filter(is_active=True))
    assert len(bundles) >= 2 and all(b.items.count() >= 2 for b in bundles)
    case = ProxyCase.objects.get(summary__startswith="新设半导体企业")
    assert set(case.items.values_list("approval_item", flat=True)) == set(
        ItemBundle.objects.get(name="企业开办一件事").items.values_list("pk", flat=True)
    )
    client = Client()
    client.force_login(case.agent.user)
    page = client.get(reverse("projects:case_detail", args=[case.pk])).content.decode()
    assert all(bundle.name in page for bundle in bundles)


def test_a_decided_item_shows_its_accepted_and_decided_days(story):
    item = ProjectItem.objects.filter(state=ItemState.DELIVERED).select_related("case__agent__user").first()
    client = Client()
    client.force_login(item.case.agent.user)
    page = client.get(reverse("projects:case_detail", args=[item.case_id])).content.decode()
    assert f"已受理 {item.started_on:%Y-%m-%d} · 决定日期 {item.decided_on:%Y-%m-%d}" in page
    assert "未受理，未起算" not in page  # every item of that closed case was accepted


def test_finished_milestones_are_not_offered_again(story):
    """The pages of a finished 多评合一 or 多图联审 say so, not "start" or "nothing yet"."""
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    for project in Project.objects.filter(milestones__state=MilestoneState.COMPLETED).distinct():
        done = set(project.milestones.filter(state=MilestoneState.COMPLETED).values_list("definition__code", flat=True))
        if "assessments" in done:
            page = client.get(reverse("project_assessments", args=[project.pk])).content.decode()
            assert "启动多评合一" not in page and "已批复" in page, project
        if "drawing_review" in done:
            page = client.get(reverse("projects:drawings", args=[project.pk])).content.decode()
            assert "尚未提交施工图" not in page and "审查合格" in page, project


# What each demo user's own pages show of the demo, without anything created by hand.
SHOWN = {
    "admin": [("admin_home", [], "")],
    "supervisor": [("projects:supervisor_home", [], "确认同意移交"), ("projects:callbacks", [], "冯晓东")],
    "agent1": [("projects:agent_home", [], "年产30万套新能源汽车电机项目"), ("projects:workbench", [], "DB")],
    "agent2": [("projects:agent_home", [], "智能装备产业园一期项目")],
    "agent3": [("projects:agent_home", [], "年产5万吨高性能改性塑料项目")],
    "agent4": [("projects:agent_home", [], "年产50万套汽车轻量化部件项目")],
    "supervisor2": [("projects:supervisor_home", [], "盐城经开区远航汽车部件有限公司")],
    "zone": [
        ("regional_assessments:committee_home", [], "年产30万套新能源汽车电机项目"),
        ("regional_assessments:report_list", [], "盐高新管〔2023〕46号"),
        ("regional_assessments:figures", [], "盐城高新技术产业开发区"),
    ],
    "zone2": [("regional_assessments:committee_home", [], "年产50万套汽车轻量化部件项目")],
    "reviewer": [("projects:drawing_queue", [], "一期厂房及综合楼")],
    "editor": [("cms:editor_home", [], "")],
    "enterprise1": [("projects:enterprise_home", [], "年产30万套新能源汽车电机项目")],
    "enterprise2": [("projects:enterprise_home", [], "智能网联汽车零部件生产基地项目")],
    "enterprise3": [("projects:enterprise_ratings", [], "非常满意")],
    "enterprise4": [("projects:enterprise_ratings", [], "基本满意")],
}


def test_last_months_overdue_reports_are_archived_and_listed(story):
    month = previous_month_first(timezone.localdate())
    reports = MonthlyReport.objects.filter(month=month)
    district = reports.get(zone__name="盐都区")  # the district's, its zones' inside it
    text = "".join(page.extract_text() for page in PdfReader(district.pdf.open("rb")).pages)
    assert "超时办件通报" in text and "区域评估成果复用" in text  # issued after the reuse was recorded
    client = Client()
    client.force_login(User.objects.get(username="supervisor"))
    listing = client.get(reverse("projects:monthly_reports")).content.decode()
    assert f"{month:%Y-%m}" in listing and "盐都区" in listing  # the reports its own centre issues
    assert Notification.objects.filter(kind=NotificationKind.REPORT, recipient__username="supervisor").exists()


@pytest.mark.parametrize("username", list(SHOWN))
def test_each_demo_user_s_pages_show_their_data(story, username):
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    home = client.get(reverse("home"), follow=True)
    assert home.status_code == 200
    assert home.redirect_chain[-1][0] == reverse(HOME_URL_NAMES[user_roles(user)[0]])
    for name, args, text in SHOWN[username]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
        assert text in response.content.decode(), (name, text)


def test_every_project_and_case_page_opens_for_its_agent(story):
    for project in Project.objects.exclude(agent=None).select_related("agent__user"):
        client = Client()
        client.force_login(project.agent.user)
        for name in ("projects:project_detail", "projects:drawings", "project_assessments"):
            assert client.get(reverse(name, args=[project.pk])).status_code == 200, (project, name)
    for case in ProxyCase.objects.select_related("agent__user"):
        client = Client()
        client.force_login(case.agent.user)
        assert client.get(reverse("projects:case_detail", args=[case.pk])).status_code == 200, case


def test_the_survey_and_acceptance_projects_are_named(story):
    from projects.demo import ACCEPTANCE_PROJECT, SURVEY_PROJECT

    survey, acceptance = Project.objects.get(name=SURVEY_PROJECT), Project.objects.get(name=ACCEPTANCE_PROJECT)
    assert survey.milestones.get(definition__code="drawing_review").state == MilestoneState.PENDING
    assert acceptance.milestones.get(definition__code="construction_permit").state == MilestoneState.COMPLETED


def test_roles_cover_every_demo_user(story):
    assert {role for username in SHOWN for role in user_roles(User.objects.get(username=username))} == set(Role)


def test_the_demo_enterprise_has_a_receipt_confirmed_one_to_confirm_and_a_callback_to_read(story):
    client = Client()
    client.force_login(User.objects.get(username="enterprise1"))
    home = client.get(reverse("projects:enterprise_home")).content.decode()
    assert home.count('data-testid="receipt-confirmed"') == 1 and home.count('data-testid="receipt-form"') == 1
    assert "快递送达（EMS 运单号 1178450236888）" in home and "代办员送达" in home
    client.force_login(User.objects.get(username="enterprise4"))
    ratings = client.get(reverse("projects:enterprise_ratings")).content.decode()
    assert 'data-testid="callback-outcome"' in ratings and "回访结果：<strong>企业满意</strong>" in ratings
