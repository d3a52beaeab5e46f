"""Hand-over requests (移交申请): ask, accept, refuse. Each write is audited and
notifies both sides through the outbox, in the transaction of the change."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agents.selectors import centre_supervisors
from crm.accounts.roles import Role, has_role
from crm.audit.services import audit_record, audited_set
from crm.models import Notification, NotificationKind
from crm.notifications.services import notify_many
from projects.cases.errors import CaseError
from projects.cases.handover.errors import HandoverError
from projects.cases.handover.selectors import OPEN_CASE_STATES, project_owner_centre, projects_linkable
from projects.cases.services import case_project_set
from projects.live import live_announce
from projects.models import HandoverRequest, HandoverState, Project, ProjectCodeChange, ProxyCase, staff_on_case


def _notify(request: HandoverRequest, event: str, recipients, *, title: str, body: str = "", url: str = "") -> None:
    notify_many(
        Notification(
            key=f"handover-{request.pk}-{event}-{user_id}",
            recipient_id=user_id,
            kind=NotificationKind.STATUS,
            title=title[:200],
            body=body,
            url=url,
        )
        for user_id in dict.fromkeys(recipients)
        if user_id is not None
    )


def _enterprise_project(case: ProxyCase, code: str) -> Project:
    code = (code or "").strip()
    projects = Project.objects.filter(enterprise_id=case.enterprise_id).select_related("agent__centre", "zone")
    project = (
        projects.filter(code=code).first()
        or projects.filter(pk__in=ProjectCodeChange.objects.filter(old_code=code).values("project_id")).first()
    )
    if project is None or not code:
        raise ValidationError(HandoverError.NO_SUCH_PROJECT.label, code=HandoverError.NO_SUCH_PROJECT.value)
    return project


def handover_request(*, case: ProxyCase, project_code: str, by, note: str = "") -> HandoverRequest:
    """The case's agent asks for a project the enterprise named by its code, which
    another agent's open case or another centre is responsible for. Nothing of the
    project is linked or shown until that centre's supervisor accepts."""
    if not staff_on_case(case, by):
        raise PermissionDenied(CaseError.NOT_ALLOWED.label)
    if case.state not in OPEN_CASE_STATES:
        raise ValidationError(HandoverError.CASE_NOT_OPEN.label, code=HandoverError.CASE_NOT_OPEN.value)
    project = _enterprise_project(case, project_code)
    if projects_linkable(case).filter(pk=project.pk).exists():
        raise ValidationError(HandoverError.LINK_DIRECTLY.label, code=HandoverError.LINK_DIRECTLY.value)
    centre = project_owner_centre(case=case, project=project)
    if centre is None:
        raise ValidationError(HandoverError.NO_CENTRE.label, code=HandoverError.NO_CENTRE.value)
    pending = HandoverRequest.objects.filter(project=project, case=case, state=HandoverState.PENDING)
    try:
        with transaction.atomic():
            if pending.exists():
                raise IntegrityError
            request = HandoverRequest.objects.create(
                project=project, case=case, centre=centre, requested_by=by, note=(note or "").strip()[:300]
            )
            entry = audit_record(
                subject=case,
                actor=by,
                event="case.handover_requested",
                after={"project": project.code, "centre": str(centre)},
                reason=request.note,
            )
            _notify(
                request,
                "requested",
                centre_supervisors([centre.pk]).get(centre.pk, []),
                title=_("移交申请：%(agent)s（%(from)s）申请接手项目 %(project)s")
                % {"agent": case.agent, "from": case.agent.centre, "project": project.name},
                body=request.note,
                url=reverse("projects:supervisor_home") + "#handovers",
            )
            live_announce(entry, case)
    except IntegrityError:
        raise ValidationError(
            HandoverError.ALREADY_PENDING.label, code=HandoverError.ALREADY_PENDING.value, params={"centre": centre}
        ) from None
    return request


def _may_decide(request: HandoverRequest, by) -> bool:
    if has_role(by, Role.ADMINISTRATOR):
        return True
    profile = getattr(by, "agent_profile", None)
    return has_role(by, Role.SUPERVISOR) and profile is not None and profile.centre_id == request.centre_id


def _locked_pending(request: HandoverRequest, by) -> HandoverRequest:
    if not _may_decide(request, by):
        raise PermissionDenied(HandoverError.NOT_SUPERVISOR.label)
    locked = (
        HandoverRequest.objects.select_for_update(of=("self",))
        .select_related("project__agent__centre", "case__agent__centre", "centre", "decided_by")
        .get(pk=request.pk)
    )
    if locked.state != HandoverState.PENDING:
        raise ValidationError(
            HandoverError.ALREADY_DECIDED.label,
            code=HandoverError.ALREADY_DECIDED.value,
            params={"who": locked.decided_by or _("他人"), "state": locked.get_state_display()},
        )
    if not _may_decide(locked, by):  # re-addressed while the decider waited for the lock
        raise PermissionDenied(HandoverError.NOT_SUPERVISOR.label)
    return locked


def _code(project: Project) -> str:
    return project.code


def _readdress(requests: list[HandoverRequest], centre, by) -> None:
    """Send pending requests to the centre that now owns their project (audited)."""
    for pending in requests:
        entry = audited_set(pending, "centre", centre, by=by, event="handover.readdressed")
        live_announce(entry, pending)


def handover_accept(*, request: HandoverRequest, by) -> HandoverRequest:
    """The owning centre's supervisor hands the project over (首问负责制: the
    responsibility moves only now, formally): the requesting case's agent becomes
    the project's agent, the case is linked to it, and the other agents' open cases
    that carried it are unlinked (their items stay with them, on their own case);
    closed cases keep their link as history. Other pending requests for the
    project now go to the new owner's centre."""
    with transaction.atomic():
        request = _locked_pending(request, by)
        project = (
            Project.objects.select_for_update(of=("self",)).select_related("agent__centre").get(pk=request.project_id)
        )
        case = (
            ProxyCase.objects.select_for_update(of=("self",))
            .select_related("agent__centre", "project")
            .get(pk=request.case_id)
        )
        if case.state not in OPEN_CASE_STATES:
            raise ValidationError(HandoverError.CASE_NOT_OPEN.label, code=HandoverError.CASE_NOT_OPEN.value)
        owner = project_owner_centre(case=case, project=project)
        moved = owner is not None and owner.pk != request.centre_id
        if moved:
            # The project moved (an admin edit, a reassignment) since the request was made:
            # only its present owner may give it away.
            _readdress([request], owner, by)
        else:
            new_agent = case.agent
            previous = project.agent
            request.state, request.decided_by, request.decided_at = HandoverState.ACCEPTED, by, timezone.now()
            request.save(update_fields=["state", "decided_by", "decided_at"])
            reason = _("移交申请已同意：%(case)s") % {"case": case.number}
            entry = audited_set(project, "agent", new_agent, by=by, event="project.handed_over", reason=reason)
            live_announce(entry, project)
            released = list(
                ProxyCase.objects.select_for_update(of=("self",))
                .select_related("agent", "project")
                .filter(project=project, state__in=OPEN_CASE_STATES)
                .exclude(agent_id=new_agent.pk)
                .exclude(pk=case.pk)
            )
            handed_to = _("项目已移交给 %(agent)s（%(centre)s）") % {"agent": new_agent, "centre": new_agent.centre}
            for other in released:
                entry = audited_set(
                    other, "project", None, by=by, event="case.project_handed_over", reason=handed_to, shown=_code
                )
                live_announce(entry, other)
            case_project_set(case=case, project=project, by=by, reason=_("移交申请已同意"))
            _readdress(
                list(
                    HandoverRequest.objects.select_for_update()
                    .filter(project=project, state=HandoverState.PENDING)
                    .exclude(pk=request.pk)
                    .exclude(centre=new_agent.centre)
                    .select_related("centre")
                ),
                new_agent.centre,
                by,
            )
            entry = audit_record(
                subject=request,
                actor=by,
                event="handover.accepted",
                before={"state": HandoverState.PENDING},
                after={"state": request.state},
            )
            owners = [previous.user_id if previous else None, *(c.agent.user_id for c in released)]
            _notify(
                request,
                "accepted",
                [case.agent.user_id, request.requested_by_id],
                title=_("移交申请已同意：项目 %(project)s 由您负责") % {"project": project.name},
                url=reverse("projects:case_detail", args=[case.pk]),
            )
            _notify(
                request,
                "handed-over",
                [u for u in owners if u != case.agent.user_id],
                title=_("项目 %(project)s 已移交给 %(agent)s（%(centre)s）")
                % {"project": project.name, "agent": new_agent, "centre": new_agent.centre},
            )
            live_announce(entry, request)
    if moved:
        raise ValidationError(
            HandoverError.OWNER_CHANGED.label, code=HandoverError.OWNER_CHANGED.value, params={"centre": owner}
        )
    return request


def handover_refuse(*, request: HandoverRequest, reason: str, by) -> HandoverRequest:
    """The owning centre keeps the project; the requesting agent learns why (the
    project's content stays hidden from them)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(HandoverError.REASON_REQUIRED.label, code=HandoverError.REASON_REQUIRED.value)
    with transaction.atomic():
        request = _locked_pending(request, by)
        request.state, request.decided_by, request.decided_at = HandoverState.REFUSED, by, timezone.now()
        request.reason = reason[:300]
        request.save(update_fields=["state", "decided_by", "decided_at", "reason"])
        refused = audit_record(
            subject=request,
            actor=by,
            event="handover.refused",
            before={"state": HandoverState.PENDING},
            after={"state": request.state},
            reason=request.reason,
        )
        case_refused = audit_record(
            subject=request.case,
            actor=by,
            event="case.handover_refused",
            after={"centre": str(request.centre)},
            reason=request.reason,
        )
        project = request.project
        _notify(
            request,
            "refused",
            [request.case.agent.user_id, request.requested_by_id],
            title=_("移交申请未获同意（%(centre)s）") % {"centre": request.centre},
            body=request.reason,
            url=reverse("projects:case_detail", args=[request.case_id]),
        )
        _notify(
            request,
            "kept",
            [project.agent.user_id if project.agent_id else None],
            title=_("项目 %(project)s 的移交申请已拒绝，仍由您负责") % {"project": project.name},
            body=request.reason,
        )
        live_announce(refused, request)
        live_announce(case_refused, request.case)
    return request
