"""Merged assessment (多评合一): scoping after reuse, the random draws of intermediary
and experts (reproducible, fair, logged), the joint review and the one approval."""

from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from crm.audit.models import AuditEntry
from crm.calendar.workdays import workdays_add, workdays_between
from projects.models import MilestoneState
from regional_assessments.merged.models import (
    Draw,
    DrawKind,
    Expert,
    ExpertConflict,
    Intermediary,
    MergedAssessment,
    MergedAssessmentState,
)
from regional_assessments.merged.services import (
    draw_sample,
    eligible_experts,
    eligible_intermediaries,
    experts_draw,
    intermediary_draw,
    merged_assessment_approve,
    merged_assessment_start,
    merged_compiling_start,
    merged_resubmit,
    merged_revision_request,
    rotation_group,
)
from tests.factories import (
    MON,
    EnterpriseFactory,
    ExpertFactory,
    IntermediaryFactory,
    ProjectFactory,
    ProxyAgentFactory,
    ZoneReportFactory,
)

pytestmark = pytest.mark.django_db

# The zone report covers these; an industrial project (33,000 m²) also needs the two left over.
COVERED = [
    "land_survey",
    "geological_hazard",
    "mineral_overlay",
    "seismic_safety",
    "soil_water_conservation",
    "climate_feasibility",
    "cultural_relics",
]
LEFT = ["environmental_impact", "energy_saving"]
S = MergedAssessmentState


def intermediary(name: str, codes=LEFT, **fields) -> Intermediary:
    return IntermediaryFactory(name=name, qualifications=codes, **fields)


def expert(name: str, codes=("environmental_impact",), **fields) -> Expert:
    return ExpertFactory(name=name, specialties=codes, **fields)


@pytest.fixture
def project(agent):
    project = ProjectFactory(agent=agent)
    ZoneReportFactory(zone=project.zone, assessment_types=COVERED)
    return project


@pytest.fixture
def assessment(project, user):
    return merged_assessment_start(project=project, by=user, on=MON).assessment


@pytest.fixture
def pool():
    return [intermediary(f"中介{n}") for n in range(3)]


@pytest.fixture
def compiling(assessment, user, pool):
    intermediary_draw(assessment=assessment, seed=1, by=user, on=MON)
    return merged_compiling_start(assessment=assessment, by=user, on=MON)


@pytest.fixture
def panel():
    return [expert(f"专家{n}") for n in range(5)]


@pytest.fixture
def in_review(compiling, user, panel):
    experts_draw(assessment=compiling, seed=7, count=3, by=user, on=MON)
    return compiling


def milestone(project):
    return project.milestones.get(definition__code="assessments")


# --- scoping ---------------------------------------------------------------------------------


def test_start_reuses_what_zone_reports_cover_and_scopes_the_rest(project, user):
    outcome = merged_assessment_start(project=project, by=user, on=MON)
    assessment = outcome.assessment
    assert sorted(r.assessment_type.code for r in outcome.reused) == sorted(COVERED)
    assert sorted(t.code for t in assessment.assessment_types.all()) == sorted(LEFT)
    assert assessment.state == S.SCOPED and assessment.target_working_days == 40
    assert assessment.started_on == MON and assessment.due_date == workdays_add(MON, 40).date
    started = milestone(project)
    assert started.state == MilestoneState.RUNNING and started.started_on == MON
    assert started.due_date == assessment.due_date
    assert AuditEntry.objects.filter(event="merged_assessment.scoped", subject_id=str(assessment.pk)).exists()


def test_only_one_open_merged_assessment_per_project(assessment, project, user):
    with pytest.raises(ValidationError) as error:
        merged_assessment_start(project=project, by=user, on=MON)
    assert error.value.code == "merged_already_open"
    with pytest.raises(IntegrityError), transaction.atomic():
        MergedAssessment.objects.create(project=project, scoped_on=MON)


def test_all_reused_completes_the_milestone_without_a_merged_assessment(agent, user):
    project = ProjectFactory(agent=agent)
    ZoneReportFactory(zone=project.zone, assessment_types=COVERED + LEFT)
    outcome = merged_assessment_start(project=project, by=user, on=MON)
    assert outcome.assessment is None and outcome.remaining == [] and len(outcome.reused) == 9
    assert not MergedAssessment.objects.filter(project=project).exists()
    done = milestone(project)
    assert done.state == MilestoneState.COMPLETED and done.started_on == MON and done.finished_on == MON
    entry = AuditEntry.objects.get(event="merged_assessment.all_reused", subject_id=str(project.pk))
    assert "全部复用" in entry.reason and entry.effective_on == MON


def test_agent_of_another_centre_may_not_start_or_move(project, assessment, pool):
    stranger = ProxyAgentFactory().user
    with pytest.raises(PermissionDenied):
        merged_assessment_start(project=project, by=stranger, on=MON)
    with pytest.raises(PermissionDenied):
        intermediary_draw(assessment=assessment, seed=1, by=stranger, on=MON)
    assessment.refresh_from_db()
    assert assessment.state == S.SCOPED and not Draw.objects.exists()


# --- transitions and the clock ---------------------------------------------------------------


def test_illegal_move_names_the_allowed_ones(assessment, user):
    with pytest.raises(ValidationError) as error:
        merged_assessment_approve(assessment=assessment, approval_no="盐评〔2026〕1号", by=user, on=MON)
    message = error.value.messages[0]
    assert "已确定评估范围" in message and "抽取中介机构" in message


def test_approval_needs_the_joint_review(compiling, user):
    with pytest.raises(ValidationError) as error:
        merged_assessment_approve(assessment=compiling, approval_no="盐评〔2026〕1号", by=user, on=MON)
    assert error.value.code == "transition_not_allowed"
    compiling.refresh_from_db()
    assert compiling.state == S.COMPILING


def test_full_path_with_one_revision(in_review, project, user):
    returned_on, resubmitted_on = workdays_add(MON, 10).date, workdays_add(MON, 15).date
    approved_on = workdays_add(MON, 20).date
    merged_revision_request(assessment=in_review, reason="环评章节需补充监测数据", by=user, on=returned_on)
    in_review.refresh_from_db()
    assert in_review.state == S.REVISING and in_review.paused_on == returned_on
    assert milestone(project).state == MilestoneState.PAUSED

    merged_resubmit(assessment=in_review, by=user, on=resubmitted_on)
    paused = workdays_between(returned_on, resubmitted_on).days
    assert paused > 0
    in_review.refresh_from_db()
    assert in_review.state == S.IN_JOINT_REVIEW and in_review.paused_working_days == paused
    assert in_review.due_date == workdays_add(MON, 40 + paused).date
    assert in_review.pauses.get().working_days == paused
    resumed = milestone(project)
    assert resumed.state == MilestoneState.RUNNING and resumed.due_date == in_review.due_date

    merged_assessment_approve(assessment=in_review, approval_no="盐评〔2026〕8号", by=user, on=approved_on)
    in_review.refresh_from_db()
    assert in_review.state == S.APPROVED and in_review.approval_no == "盐评〔2026〕8号"
    assert in_review.approved_on == approved_on
    done = milestone(project)
    assert done.state == MilestoneState.COMPLETED and done.finished_on == approved_on
    entry = AuditEntry.objects.get(event="merged_assessment.approved", subject_id=str(in_review.pk))
    assert "环境影响评价" in entry.after["assessment_types"] and "节能评估" in entry.after["assessment_types"]


def test_revision_needs_a_reason(in_review, user):
    with pytest.raises(ValidationError) as error:
        merged_revision_request(assessment=in_review, reason=" ", by=user, on=MON)
    assert error.value.code == "merged_reason_required"


# --- the intermediary draw ----------------------------------------------------------------------


def test_intermediary_draw_is_logged_and_reproducible(project, user, pool):
    first = merged_assessment_start(project=project, by=user, on=MON).assessment
    draw = intermediary_draw(assessment=first, seed=2026, by=user, on=MON)
    first.refresh_from_db()
    assert first.state == S.INTERMEDIARY_DRAWN and first.intermediary_id == draw.chosen_ids[0]
    assert draw.kind == DrawKind.INTERMEDIARY and draw.seed == 2026
    assert draw.candidate_ids == draw.eligible_ids == sorted(i.pk for i in pool)
    assert draw.chosen_ids == draw_sample(draw.candidate_ids, 2026, 1)
    entry = AuditEntry.objects.get(event="merged_assessment.intermediary_drawn", subject_id=str(first.pk))
    assert entry.after["seed"] == 2026 and entry.after["intermediary"] == str(first.intermediary)

    # The same seed over the same pool (rotation reset) gives the same record.
    Intermediary.objects.update(last_drawn_at=None)
    second = ProjectFactory(agent=project.agent)
    ZoneReportFactory(zone=second.zone, assessment_types=COVERED)
    again = intermediary_draw(
        assessment=merged_assessment_start(project=second, by=user, on=MON).assessment,
        seed=2026,
        by=user,
        on=MON,
    )
    fields = ("kind", "seed", "eligible_ids", "candidate_ids", "chosen_ids")
    assert [getattr(again, f) for f in fields] == [getattr(draw, f) for f in fields]


def test_intermediary_draw_is_fair_over_seeds(assessment, pool):
    group = rotation_group(eligible_intermediaries(assessment))
    assert len(group) == 3
    picks = Counter(draw_sample([i.pk for i in group], seed, 1)[0] for seed in range(600))
    assert set(picks) == {i.pk for i in pool}
    assert all(150 <= n <= 250 for n in picks.values()), picks


def test_unqualified_and_excluded_intermediaries_are_not_eligible(assessment, user):
    qualified = intermediary("全资质中介")
    intermediary("只做环评", codes=["environmental_impact"])
    intermediary("失信中介", excluded=True, exclusion_reason="列入失信名单")
    assert eligible_intermediaries(assessment) == [qualified]
    for seed in range(5):
        assert draw_sample([qualified.pk], seed, 1) == [qualified.pk]
    draw = intermediary_draw(assessment=assessment, seed=9, by=user, on=MON)
    assert draw.eligible_ids == [qualified.pk] and draw.chosen_ids == [qualified.pk]


def test_no_eligible_intermediary_is_refused(assessment, user):
    intermediary("只做节能", codes=["energy_saving"])
    with pytest.raises(ValidationError) as error:
        intermediary_draw(assessment=assessment, seed=1, by=user, on=MON)
    assert error.value.code == "merged_no_intermediary" and "环境影响评价" in error.value.messages[0]
    assessment.refresh_from_db()
    assert assessment.state == S.SCOPED and not Draw.objects.exists()


def test_rotation_draws_each_before_any_again(agent, user, pool):
    drawn = []
    for n in range(len(pool) * 2):
        project = ProjectFactory(agent=agent)
        ZoneReportFactory(zone=project.zone, assessment_types=COVERED)
        assessment = merged_assessment_start(project=project, by=user, on=MON).assessment
        draw = intermediary_draw(assessment=assessment, seed=n, by=user, on=MON)
        drawn.append(draw.chosen_ids[0])
        if n == 0:
            assert len(draw.candidate_ids) == 3
        assert draw.chosen_ids[0] in draw.candidate_ids
    everyone = {i.pk for i in pool}
    assert set(drawn[:3]) == everyone and set(drawn[3:]) == everyone
    assert drawn[3] == drawn[0] and drawn[4] == drawn[1]  # the least recently drawn is the only candidate


# --- the expert draw ---------------------------------------------------------------------------


def test_expert_draw_is_logged_and_reproducible(compiling, user, panel):
    draw = experts_draw(assessment=compiling, seed=42, count=3, by=user, on=MON)
    compiling.refresh_from_db()
    assert compiling.state == S.IN_JOINT_REVIEW
    assert draw.kind == DrawKind.EXPERTS and draw.candidate_ids == sorted(e.pk for e in panel)
    assert len(set(draw.chosen_ids)) == 3
    assert draw.chosen_ids == draw_sample(draw.candidate_ids, 42, 3)
    assert sorted(compiling.experts.values_list("pk", flat=True)) == sorted(draw.chosen_ids)
    assert AuditEntry.objects.filter(event="merged_assessment.experts_drawn", subject_id=str(compiling.pk)).exists()


def test_expert_draw_is_fair_over_seeds(compiling, panel):
    eligible = [e.pk for e in eligible_experts(compiling)]
    assert eligible == sorted(e.pk for e in panel)
    counts = Counter(pk for seed in range(600) for pk in draw_sample(eligible, seed, 2))
    expected = 600 * 2 / len(panel)  # 240 each
    assert set(counts) == set(eligible)
    assert all(abs(n - expected) <= 45 for n in counts.values()), counts


def test_experts_excluded_by_employer_conflict_specialty_and_activity(compiling, project):
    eligible = expert("合格专家")
    expert("中介自家专家", employer=compiling.intermediary)
    expert("停用专家", active=False)
    expert("水保专家", codes=["soil_water_conservation"])  # covered by reuse, not a constituent type
    declared_on_project = expert("项目回避专家")
    ExpertConflict.objects.create(expert=declared_on_project, project=project, reason="曾为该项目提供咨询")
    declared_on_enterprise = expert("企业回避专家")
    ExpertConflict.objects.create(expert=declared_on_enterprise, enterprise=project.enterprise, reason="亲属任职")
    other = expert("其他企业回避专家")
    ExpertConflict.objects.create(expert=other, enterprise=EnterpriseFactory(), reason="无关")
    energy = expert("节能专家", codes=["energy_saving"])
    assert eligible_experts(compiling) == [eligible, other, energy]


def test_too_few_experts_is_refused_with_a_clear_message(compiling, user):
    expert("唯一专家")
    with pytest.raises(ValidationError) as error:
        experts_draw(assessment=compiling, seed=1, count=3, by=user, on=MON)
    assert error.value.code == "merged_too_few_experts"
    assert error.value.messages == ["符合条件的评审专家只有1名，不足抽取的3名"]
    compiling.refresh_from_db()
    assert compiling.state == S.COMPILING and not Draw.objects.filter(kind=DrawKind.EXPERTS).exists()


def test_experts_are_drawn_only_while_compiling(assessment, user, panel):
    with pytest.raises(ValidationError) as error:
        experts_draw(assessment=assessment, seed=1, count=3, by=user, on=MON)
    assert error.value.code == "transition_not_allowed"
