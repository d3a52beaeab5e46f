"""Proxy cases (代办制) and their items: first contact, assignment, authorisation, the item machine."""

import datetime as dt
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agents.models import ProxyAgent
from crm.accounts.roles import Role, has_role
from crm.audit.models import AuditEntry
from crm.audit.services import audit_record, audited_set
from crm.calendar.services import clock_pause_end, clock_restart, clock_start, clock_stop, day_not_future, day_or_today
from crm.calendar.workdays import workdays_add
from crm.fsm import transition_apply, transition_audited, transition_save
from crm.notifications.models import NotificationKind
from crm.notifications.services import notify
from crm.supervision.services import deadlines_sync
from crm.validation import text_required
from projects.cases.errors import CaseError, ItemError
from projects.cases.handover.errors import HandoverError
from projects.cases.handover.selectors import projects_linkable
from projects.cases.selectors import case_close_refusal
from projects.enterprises.services import enterprise_contact_save, enterprise_register
from projects.investment.events import MilestoneEvent
from projects.investment.services import (
    milestones_follow_work,
    milestones_pause_with_work,
    milestones_resume_with_work,
)
from projects.live import live_announce
from projects.models import (
    ApprovalItem,
    CaseContact,
    CaseState,
    ContactChannel,
    DeliveryMethod,
    Enterprise,
    EnterpriseContact,
    EnterpriseMaterial,
    Industry,
    ItemState,
    Material,
    PauseCause,
    Project,
    ProjectItem,
    ProxyAuthorisation,
    ProxyCase,
    ServiceCommitment,
    staff_on_case,
)
from projects.notifications import event_notify


def _require_staff(case: ProxyCase, by) -> None:
    if not staff_on_case(case, by):
        raise PermissionDenied(CaseError.NOT_ALLOWED.label)


def _case_create(
    *, enterprise: Enterprise, agent: ProxyAgent, channel: str, summary: str, on: dt.date, recorded_by, by, **audit
) -> tuple[ProxyCase, AuditEntry]:
    """The case of a first contact, its first contact record and its audit entry."""
    case = ProxyCase.objects.create(
        number=f"DB-{uuid.uuid4().hex[:12]}",  # replaced below, once the row has its id
        enterprise=enterprise,
        agent=agent,
        first_contact_channel=channel,
        first_contact_on=on,
        summary=summary,
    )
    case.number = f"DB{on:%Y}{case.pk:06d}"
    case.save(update_fields=["number"])
    CaseContact.objects.create(case=case, channel=channel, on=on, summary=summary, recorded_by=recorded_by)
    entry = audit_record(
        subject=case,
        actor=by,
        event="case.opened",
        on=on,
        after={"number": case.number, "agent": str(agent), "first_contact_channel": channel, "summary": summary},
        **audit,
    )
    live_announce(entry, case)
    return case, entry


def _agent_in_post(agent: ProxyAgent) -> None:
    if not agent.is_active:
        raise ValidationError(CaseError.AGENT_INACTIVE.label, code=CaseError.AGENT_INACTIVE.value)


def case_open(
    *,
    enterprise: Enterprise,
    agent: ProxyAgent,
    channel: ContactChannel | str,
    summary: str,
    by,
    on: dt.date | None = None,
) -> ProxyCase:
    """A first contact (首问): the agent who took it owns the new case."""
    on = on or timezone.localdate()
    day_not_future(on)
    summary = text_required(summary, CaseError.SUMMARY_REQUIRED)
    _agent_in_post(agent)
    _require_staff(ProxyCase(enterprise=enterprise, agent=agent), by)
    with transaction.atomic():
        case, _entry = _case_create(
            enterprise=enterprise, agent=agent, channel=channel, summary=summary, on=on, recorded_by=by, by=by
        )
    return case


def case_open_from_site(
    *, agent: ProxyAgent, enterprise_name: str, contact_name: str, phone: str, plan: str
) -> ProxyCase:
    """A first contact from the public site ("请这位代办员联系我"): the agent the visitor
    chose owns a new case at intake (首问负责制) and is told through the outbox. The
    enterprise is the one already known by that name, or is registered now in the
    agent's zone with the visitor as its contact (a visitor never becomes a contact of
    an enterprise already known). Nobody is signed in: the audit names no actor, and the
    first contact is recorded in the name of the agent who owns it."""
    on = timezone.localdate()
    plan = text_required(plan, CaseError.SUMMARY_REQUIRED)
    enterprise_name = text_required(enterprise_name, CaseError.ENTERPRISE_REQUIRED)
    _agent_in_post(agent)
    if not agent.user.is_active:
        raise ValidationError(CaseError.AGENT_INACTIVE.label, code=CaseError.AGENT_INACTIVE.value)
    with transaction.atomic():
        enterprise = Enterprise.objects.filter(name=enterprise_name).order_by("pk").first()
        if enterprise is None:
            enterprise = enterprise_register(
                name=enterprise_name, zone=agent.centre.zone, industry=Industry.OTHER, agent=agent, by=None
            )
            enterprise_contact_save(
                contact=EnterpriseContact(enterprise=enterprise, name=contact_name, phone=phone, is_primary=True),
                by=None,
            )
        case, entry = _case_create(
            enterprise=enterprise,
            agent=agent,
            channel=ContactChannel.ONLINE,
            summary=plan[:300],
            on=on,
            recorded_by=agent.user,
            by=None,
            reason=_("门户网站：%(contact)s（%(phone)s）请代办员联系") % {"contact": contact_name, "phone": phone},
        )
        notify(
            key=f"audit-{entry.pk}-{agent.user_id}",
            recipient_id=agent.user_id,
            kind=NotificationKind.RECEIPT,
            title=_("门户网站：%(enterprise)s 请您联系") % {"enterprise": enterprise.name},
            body=_("联系人：%(contact)s，电话：%(phone)s。拟办事项：%(plan)s")
            % {"contact": contact_name, "phone": phone, "plan": plan},
            url=reverse("projects:case_detail", args=[case.pk]),
        )
    return case


def case_contact_record(
    *, case: ProxyCase, channel: ContactChannel | str, summary: str, by, on: dt.date | None = None
) -> CaseContact:
    """An offline or online step with the enterprise, so the timeline is complete."""
    on = on or timezone.localdate()
    day_not_future(on)
    _require_staff(case, by)
    summary = text_required(summary, CaseError.SUMMARY_REQUIRED)
    with transaction.atomic():
        contact = CaseContact.objects.create(case=case, channel=channel, on=on, summary=summary, recorded_by=by)
        entry = audit_record(
            subject=case, actor=by, event="case.contact", on=on, after={"channel": channel, "summary": summary}
        )
        live_announce(entry, case)
    return contact


def case_reassign(*, case: ProxyCase, to: ProxyAgent, reason: str, by) -> ProxyCase:
    """Hand a case over (only a supervisor of the centre, with a reason)."""
    if not (
        has_role(by, Role.ADMINISTRATOR)
        or (
            has_role(by, Role.SUPERVISOR)
            and getattr(getattr(by, "agent_profile", None), "centre_id", None) == case.agent.centre_id
        )
    ):
        raise PermissionDenied(CaseError.REASSIGN_SUPERVISOR_ONLY.label)
    reason = text_required(reason, CaseError.REASSIGN_REASON_REQUIRED)
    if to.pk == case.agent_id:
        raise ValidationError(CaseError.REASSIGN_SAME_AGENT.label, code=CaseError.REASSIGN_SAME_AGENT.value)
    if not to.is_active:
        raise ValidationError(CaseError.AGENT_INACTIVE.label, code=CaseError.AGENT_INACTIVE.value)
    if to.centre_id != case.agent.centre_id and not has_role(by, Role.ADMINISTRATOR):
        raise ValidationError(CaseError.AGENT_OTHER_CENTRE.label, code=CaseError.AGENT_OTHER_CENTRE.value)
    with transaction.atomic():
        locked = ProxyCase.objects.select_for_update().select_related("agent__user").get(pk=case.pk)
        former = locked.agent
        entry = audited_set(locked, "agent", to, by=by, event="case.reassigned", reason=reason)
        # The agent who handed it over keeps reading its history (case_side "former");
        # one who takes it back is its agent again, not a former one.
        locked.former_agents.add(former)
        locked.former_agents.remove(to)
        live_announce(entry, locked)
    case.agent = to
    return case


def case_project_link(*, case: ProxyCase, project: Project, by) -> ProxyCase:
    """Link the case to one of its enterprise's projects that the case's agent may
    take on directly (``projects_linkable``); any other needs a hand-over request."""
    _require_staff(case, by)
    if project.enterprise_id != case.enterprise_id:
        raise ValidationError(CaseError.PROJECT_OTHER_ENTERPRISE.label, code=CaseError.PROJECT_OTHER_ENTERPRISE.value)
    with transaction.atomic():
        # Locked, so two agents linking it at once, or a hand-over accepted meanwhile,
        # cannot both pass the check below.
        Project.objects.select_for_update().get(pk=project.pk)
        if not projects_linkable(case).filter(pk=project.pk).exists():
            # Another agent's open case or another centre is responsible: only its
            # supervisor can hand the project over (projects.cases.handover).
            raise ValidationError(HandoverError.NEEDS_HANDOVER.label, code=HandoverError.NEEDS_HANDOVER.value)
        case_project_set(case=case, project=project, by=by)
    return case


def case_project_set(*, case: ProxyCase, project: Project, by, reason: str = "") -> None:
    """Record that the case now carries ``project`` (audited). The callers decide
    whether it may: a direct link, or an accepted hand-over. Call inside their
    transaction."""
    entry = audited_set(
        case, "project", project, by=by, event="case.project_linked", reason=reason, shown=lambda p: p.code
    )
    live_announce(entry, case)


def case_items_choose(
    *, case: ProxyCase, approval_items: Iterable[ApprovalItem], by, by_commitment: Iterable[int] = ()
) -> list[ProjectItem]:
    """Add the items the project needs (singly or a whole bundle); ones already in
    the case are kept as they are."""
    _require_staff(case, by)
    by_commitment = set(by_commitment)
    have = set(case.items.values_list("approval_item_id", flat=True))
    created = []
    with transaction.atomic():
        for approval_item in approval_items:
            if approval_item.pk in have:
                continue
            if not approval_item.is_active:
                raise ValidationError(CaseError.ITEM_INACTIVE.label, code=CaseError.ITEM_INACTIVE.value)
            item = ProjectItem(
                case=case,
                approval_item=approval_item,
                committed_days=approval_item.committed_days,
                by_commitment=approval_item.pk in by_commitment,
            )
            item.full_clean(exclude=["case"])
            item.save()
            have.add(approval_item.pk)
            created.append(item)
            entry = audit_record(
                subject=item, actor=by, event="item.chosen", after={"approval_item": approval_item.name}
            )
            event_notify(entry, item)
            live_announce(entry, item)
    return created


def case_authorise(*, case: ProxyCase, signed_on: dt.date, signatory: str, scope: str, by, document=None) -> ProxyCase:
    """Record the signed proxy authorisation (代办委托书); submissions need it."""
    day_not_future(signed_on)
    if document:
        ProxyAuthorisation._meta.get_field("document").run_validators(document)
    with transaction.atomic():
        transition_apply(case, "authorise", user=by)
        transition_save(case)
        ProxyAuthorisation.objects.create(
            case=case,
            signed_on=signed_on,
            signatory=text_required(signatory, CaseError.SIGNATORY_REQUIRED),
            scope=scope,
            document=document or "",
            recorded_by=by,
        )
        entry = audit_record(
            subject=case,
            actor=by,
            event="case.authorised",
            on=signed_on,
            before={"state": CaseState.INTAKE},
            after={"state": case.state, "signatory": signatory},
        )
        live_announce(entry, case)
    return case


def case_commitment_record(
    *, case: ProxyCase, content: str, working_days: int, by, on: dt.date | None = None
) -> ServiceCommitment:
    """A service commitment: what will be done within how many working days."""
    on = on or timezone.localdate()
    day_not_future(on)
    _require_staff(case, by)
    due = workdays_add(on, working_days)
    with transaction.atomic():
        commitment = ServiceCommitment.objects.create(
            case=case,
            content=text_required(content, CaseError.COMMITMENT_REQUIRED),
            committed_on=on,
            working_days=working_days,
            due_date=due.date,
            due_provisional=due.provisional,
            recorded_by=by,
        )
        entry = audit_record(
            subject=case,
            actor=by,
            event="case.committed",
            on=on,
            after={"content": content, "due_date": due.date, "due_provisional": due.provisional},
        )
        live_announce(entry, case)
    return commitment


def case_close(*, case: ProxyCase, by, on: dt.date | None = None) -> ProxyCase:
    on = on or timezone.localdate()
    day_not_future(on)
    last_delivery = case.items.aggregate(last=Max("delivered_on"))["last"]
    if last_delivery and on < last_delivery:
        raise ValidationError(CaseError.CLOSE_BEFORE_DELIVERY.label, code=CaseError.CLOSE_BEFORE_DELIVERY.value)
    refusal = case_close_refusal(case)
    if refusal:
        raise ValidationError(refusal, code=CaseError.OPEN_ITEMS.value)
    with transaction.atomic():
        before = case.state
        transition_apply(case, "close", user=by, on=on)
        transition_save(case)
        entry = audit_record(
            subject=case, actor=by, event="case.closed", on=on, before={"state": before}, after={"state": case.state}
        )
        live_announce(entry, case)
    return case


def _item_snapshot(item: ProjectItem) -> dict:
    return {
        "state": item.state,
        "started_on": item.started_on,
        "due_date": item.due_date,
        "due_provisional": item.due_provisional,
        "paused_working_days": item.paused_working_days,
        "acceptance_no": item.acceptance_no,
        "decision_no": item.decision_no,
        "verification_due": item.verification_due,
        "verified_on": item.verified_on,
        "delivery_method": item.delivery_method,
        "tracking_no": item.tracking_no,
        "trips": item.trips,
    }


def _item_move(
    item: ProjectItem,
    name: str,
    *,
    by,
    event: str,
    on: dt.date,
    reason: str = "",
    args: dict | None = None,
    then=None,
    extra: dict | None = None,
) -> AuditEntry:
    """The audited transition alone; the public service writes what it causes."""
    day_not_future(on)
    return transition_audited(
        item, name, by=by, event=event, snapshot=_item_snapshot, on=on, reason=reason, args=args, then=then, extra=extra
    )


# -- the project's milestones follow the item (their triggers name its catalogue item) -------------


def _milestones_move(item: ProjectItem, event: MilestoneEvent, *, by, on: dt.date) -> None:
    if item.case.project_id:
        milestones_follow_work(project=item.case.project, event=event, approval_item=item.approval_item, by=by, on=on)


def _work_source(item: ProjectItem) -> str:
    return f"item:{item.pk}"


def _milestones_pause(item: ProjectItem, *, reason: str, by, on: dt.date) -> None:
    """The item went back to the enterprise: the milestones it moves wait too, for
    the same reason."""
    if item.case.project_id:
        milestones_pause_with_work(
            project=item.case.project,
            events=[MilestoneEvent.ITEM_ACCEPTED, MilestoneEvent.ITEM_APPROVED, MilestoneEvent.ITEM_DELIVERED],
            approval_item=item.approval_item,
            source=_work_source(item),
            cause=PauseCause.CORRECTION,
            reason=f"{item.approval_item.name}：{reason}",
            by=by,
            on=on,
        )


def _milestones_resume(item: ProjectItem, *, by, on: dt.date) -> None:
    if item.case.project_id:
        milestones_resume_with_work(project=item.case.project, source=_work_source(item), by=by, on=on)


def _materials_asked(item: ProjectItem, materials) -> list[Material]:
    """The materials a correction asks for: some of the item's own (its catalogue
    requirements), named so the enterprise uploads against each."""
    materials = sorted(set(materials or ()), key=lambda m: m.pk)
    if not materials:
        return []
    needed = set(item.approval_item.requirements.values_list("material_id", flat=True))
    foreign = [m.name for m in materials if m.pk not in needed]
    if foreign:
        raise ValidationError(
            ItemError.MATERIAL_NOT_NEEDED.label,
            code=ItemError.MATERIAL_NOT_NEEDED.value,
            params={"materials": "、".join(foreign)},
        )
    return materials


def _correction_pause(item: ProjectItem, materials: list[Material], **pause) -> None:
    """The correction's pause, with the materials it asks for kept beside its reason."""
    stopped = clock_stop(item, cause=PauseCause.CORRECTION, **pause)
    stopped.requested_materials.set(materials)


def item_request_correction(
    *, item: ProjectItem, reason: str, by, on: dt.date | None = None, materials: Iterable[Material] = ()
) -> ProjectItem:
    """Pre-review found a problem: the enterprise corrects, on its own time (recorded
    as a pause before acceptance, which no department deadline counts). ``materials``:
    those of the item it must hand in again (the enterprise is told each by name)."""
    on, reason = day_or_today(on), text_required(reason, ItemError.REASON_REQUIRED)
    materials = _materials_asked(item, materials)

    with transaction.atomic():
        entry = _item_move(
            item,
            "request_correction",
            by=by,
            event="item.correction_requested",
            on=on,
            reason=reason,
            then=lambda: _correction_pause(item, materials, reason=reason, on=on, by=by, before_acceptance=True),
            extra={"materials": [m.name for m in materials]} if materials else None,
        )
        _milestones_pause(item, reason=reason, by=by, on=on)
        deadlines_sync(item)
        event_notify(entry, item)
        live_announce(entry, item)
    return item


def item_corrected(*, item: ProjectItem, by, on: dt.date | None = None) -> ProjectItem:
    on = day_or_today(on)
    with transaction.atomic():
        entry = _item_move(
            item,
            "corrected",
            by=by,
            event="item.corrected",
            on=on,
            then=lambda: clock_pause_end(item, on=on, by=by),
        )
        _milestones_resume(item, by=by, on=on)
        deadlines_sync(item)
        event_notify(entry, item)
        live_announce(entry, item)
    return item


def item_pass_prereview(*, item: ProjectItem, by, on: dt.date | None = None) -> ProjectItem:
    """Pre-review passed: the materials the item needs are now held for the
    enterprise (材料库), so no later item asks for them again."""
    on = day_or_today(on)
    with transaction.atomic():
        entry = _item_move(
            item,
            "pass_prereview",
            by=by,
            event="item.prereview_passed",
            on=on,
            then=lambda: _materials_keep(item, on=on, by=by),
        )
        deadlines_sync(item)
        live_announce(entry, item)
    return item


def _materials_keep(item: ProjectItem, *, on: dt.date, by) -> None:
    enterprise = item.case.enterprise
    held = set(
        EnterpriseMaterial.objects.on_file(on=on).filter(enterprise=enterprise).values_list("material_id", flat=True)
    )
    new = [
        EnterpriseMaterial(
            enterprise=enterprise,
            material=requirement.material,
            received_on=on,
            recorded_by=by,
            note=f"{item.case.number} 预审通过时收取（{item.approval_item.name}）"[:200],
        )
        for requirement in item.approval_item.requirements.select_related("material")
        if requirement.material.reusable and requirement.material_id not in held
    ]
    if new:
        EnterpriseMaterial.objects.bulk_create(new)
        entry = audit_record(
            subject=enterprise,
            actor=by,
            event="material.recorded",
            on=on,
            after={"materials": [m.material.name for m in new], "case": item.case.number},
        )
        live_announce(entry, enterprise)


def item_submit(*, item: ProjectItem, by, on: dt.date | None = None) -> ProjectItem:
    """Submit to the department's window on the enterprise's behalf (needs the
    signed authorisation)."""
    on = day_or_today(on)
    _require_staff(item.case, by)
    if item.state == ItemState.READY and item.case.state != CaseState.AUTHORISED:
        raise ValidationError(ItemError.NOT_AUTHORISED.label, code=ItemError.NOT_AUTHORISED.value)
    with transaction.atomic():
        entry = _item_move(item, "submit", by=by, event="item.submitted", on=on, args={"on": on})
        deadlines_sync(item)
        live_announce(entry, item)
    return item


def item_accept(*, item: ProjectItem, acceptance_no: str, by, on: dt.date | None = None) -> ProjectItem:
    """The department accepted the application: its committed time limit starts."""
    on = day_or_today(on)
    acceptance_no = text_required(acceptance_no, ItemError.ACCEPTANCE_NO_REQUIRED)
    with transaction.atomic():
        entry = _item_move(
            item,
            "accept",
            by=by,
            event="item.accepted",
            on=on,
            args={"acceptance_no": acceptance_no},
            then=lambda: clock_start(item, on=on),
        )
        _milestones_move(item, MilestoneEvent.ITEM_ACCEPTED, by=by, on=on)
        deadlines_sync(item)
        event_notify(entry, item)
        live_announce(entry, item)
    return item


def item_start_review(*, item: ProjectItem, by, on: dt.date | None = None) -> ProjectItem:
    with transaction.atomic():
        entry = _item_move(item, "start_review", by=by, event="item.review_started", on=day_or_today(on))
        deadlines_sync(item)
        live_announce(entry, item)
    return item


def item_return(
    *, item: ProjectItem, reason: str, by, on: dt.date | None = None, materials: Iterable[Material] = ()
) -> ProjectItem:
    """The department returned the application for correction: its clock stops.
    ``materials``: those of the item the enterprise must hand in again."""
    on, reason = day_or_today(on), text_required(reason, ItemError.REASON_REQUIRED)
    materials = _materials_asked(item, materials)

    with transaction.atomic():
        entry = _item_move(
            item,
            "return_for_correction",
            by=by,
            event="item.returned",
            on=on,
            reason=reason,
            then=lambda: _correction_pause(item, materials, reason=reason, on=on, by=by),
            extra={"materials": [m.name for m in materials]} if materials else None,
        )
        _milestones_pause(item, reason=reason, by=by, on=on)
        deadlines_sync(item)
        event_notify(entry, item)
        live_announce(entry, item)
    return item


def item_resubmit(*, item: ProjectItem, by, on: dt.date | None = None) -> ProjectItem:
    """Corrected and handed back: the clock resumes, the deadline moves by the
    working days it stood still."""
    on = day_or_today(on)
    with transaction.atomic():
        entry = _item_move(
            item,
            "resubmit",
            by=by,
            event="item.resubmitted",
            on=on,
            then=lambda: clock_restart(item, on=on, by=by),
        )
        _milestones_resume(item, by=by, on=on)
        deadlines_sync(item)
        event_notify(entry, item)
        live_announce(entry, item)
    return item


def item_approve(*, item: ProjectItem, decision_no: str, by, on: dt.date | None = None, note: str = "") -> ProjectItem:
    """Approved. An item approved on the applicant's written commitment (告知承诺制)
    gets a verification deadline."""
    on = day_or_today(on)
    decision_no = text_required(decision_no, ItemError.DECISION_NO_REQUIRED)

    def verification():
        if item.by_commitment:
            item.verification_due = workdays_add(on, settings.COMMITMENT_VERIFICATION_WORKING_DAYS).date

    with transaction.atomic():
        entry = _item_move(
            item,
            "approve",
            by=by,
            event="item.approved",
            on=on,
            args={"on": on, "decision_no": decision_no, "note": note},
            then=verification,
        )
        _milestones_move(item, MilestoneEvent.ITEM_APPROVED, by=by, on=on)
        deadlines_sync(item)
        event_notify(entry, item)
        live_announce(entry, item)
    return item


def item_reject(*, item: ProjectItem, decision_no: str, note: str, by, on: dt.date | None = None) -> ProjectItem:
    on = day_or_today(on)
    decision_no = text_required(decision_no, ItemError.DECISION_NO_REQUIRED)
    note = text_required(note, ItemError.REASON_REQUIRED)
    with transaction.atomic():
        entry = _item_move(
            item,
            "reject",
            by=by,
            event="item.rejected",
            on=on,
            reason=note,
            args={"on": on, "decision_no": decision_no, "note": note},
        )
        deadlines_sync(item)
        event_notify(entry, item)
        live_announce(entry, item)
    return item


def item_deliver(
    *,
    item: ProjectItem,
    method: DeliveryMethod | str,
    trips: int,
    by,
    on: dt.date | None = None,
    carrier: str = "",
    tracking_no: str = "",
) -> ProjectItem:
    """Results reach the enterprise without a visit where possible (不见面送达)."""
    on = day_or_today(on)
    if method not in DeliveryMethod.values:
        raise ValidationError(ItemError.METHOD_REQUIRED.label, code=ItemError.METHOD_REQUIRED.value)
    if trips not in (0, 1):
        raise ValidationError(ItemError.TRIPS_RANGE.label, code=ItemError.TRIPS_RANGE.value)
    if method == DeliveryMethod.EXPRESS and not (carrier.strip() and tracking_no.strip()):
        raise ValidationError(ItemError.TRACKING_REQUIRED.label, code=ItemError.TRACKING_REQUIRED.value)
    with transaction.atomic():
        entry = _item_move(
            item,
            "deliver",
            by=by,
            event="item.delivered",
            on=on,
            args={
                "on": on,
                "delivery": method,
                "trips": trips,
                "carrier": carrier.strip(),
                "tracking_no": tracking_no.strip(),
            },
        )
        _milestones_move(item, MilestoneEvent.ITEM_DELIVERED, by=by, on=on)
        deadlines_sync(item)
        event_notify(entry, item)
        live_announce(entry, item)
    return item


def item_verify(*, item: ProjectItem, by, on: dt.date | None = None, note: str = "") -> ProjectItem:
    """The later check of an item approved on commitment (告知承诺制核查)."""
    on = day_or_today(on)
    day_not_future(on)
    _require_staff(item.case, by)
    if not item.by_commitment or item.state not in (ItemState.APPROVED, ItemState.DELIVERED):
        raise ValidationError(ItemError.NOT_BY_COMMITMENT.label, code=ItemError.NOT_BY_COMMITMENT.value)
    if item.verified_on:
        raise ValidationError(ItemError.ALREADY_VERIFIED.label, code=ItemError.ALREADY_VERIFIED.value)
    with transaction.atomic():
        locked = ProjectItem.objects.select_for_update().get(pk=item.pk)
        if locked.verified_on:
            raise ValidationError(ItemError.ALREADY_VERIFIED.label, code=ItemError.ALREADY_VERIFIED.value)
        item.verified_on = on
        item.save(update_fields=["verified_on"])
        entry = audit_record(
            subject=item,
            actor=by,
            event="item.verified",
            on=on,
            before={"verified_on": None},
            after={"verified_on": on},
            reason=note,
        )
        deadlines_sync(item)
        live_announce(entry, item)
    return item
