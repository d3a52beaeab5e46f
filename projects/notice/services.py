import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from crm.accounts.roles import Role, has_role
from crm.audit.services import audit_record
from crm.calendar.services import day_not_future
from crm.validation import text_required
from projects.cases.errors import CaseError
from projects.live import live_announce
from projects.models import (
    CaseState,
    Enterprise,
    EnterpriseMaterial,
    Material,
    NoticeKind,
    OneTimeNotice,
    ProxyCase,
    staff_on_case,
)
from projects.notice.errors import MaterialError, NoticeError
from projects.notice.selectors import cases_for_notice, notice_content, notices_of

OPEN_CASE_STATES = (CaseState.INTAKE, CaseState.AUTHORISED)


def _notice_number(case: ProxyCase, on: dt.date, sequence: int) -> str:
    return f"GZ{on:%Y}{case.pk:06d}-{sequence:02d}"


def _locked_case(case: ProxyCase, by) -> ProxyCase:
    """The case, row-locked so that two people issuing at once queue up, and checked:
    staff on the case, still open."""
    locked = cases_for_notice().select_for_update(of=("self",)).get(pk=case.pk)
    if not staff_on_case(locked, by):
        raise PermissionDenied(CaseError.NOT_ALLOWED.label)
    if locked.state not in OPEN_CASE_STATES:
        raise ValidationError(NoticeError.CASE_FINISHED.label, code=NoticeError.CASE_FINISHED.value)
    return locked


def _audit_after(notice: OneTimeNotice) -> dict:
    content = notice.content
    return {
        "number": notice.number,
        "kind": notice.kind,
        "items": [row["name"] for row in content["items"]],
        "materials": len(content["materials"]),
        "on_file": sum(1 for row in content["materials"] if row["on_file"]),
    }


def notice_issue(*, case: ProxyCase, by, on: dt.date | None = None) -> OneTimeNotice:
    """Issue the case's one-time notice: every material of every chosen item, once,
    with the ones on file marked; frozen from now on. Only one per case."""
    on = on or timezone.localdate()
    day_not_future(on)
    with transaction.atomic():
        locked = _locked_case(case, by)
        first = locked.notices.order_by("sequence").first()
        if first is not None:
            raise ValidationError(
                NoticeError.ALREADY_ISSUED.label,
                code=NoticeError.ALREADY_ISSUED.value,
                params={"number": first.number, "issued_on": f"{first.issued_on:%Y-%m-%d}"},
            )
        content = notice_content(locked, on=on)
        if not content["items"]:
            raise ValidationError(NoticeError.NO_ITEMS.label, code=NoticeError.NO_ITEMS.value)
        notice = OneTimeNotice.objects.create(
            case=locked,
            number=_notice_number(locked, on, 1),
            kind=NoticeKind.FULL,
            sequence=1,
            issued_on=on,
            issued_by=by,
            content=content,
        )
        entry = audit_record(subject=notice, actor=by, event="notice.issued", on=on, after=_audit_after(notice))
        live_announce(entry, notice)
    return notice


def notice_supplement_issue(*, case: ProxyCase, reason: str, by, on: dt.date | None = None) -> OneTimeNotice:
    """Items were added after the notice: tell the enterprise, once, the materials
    those items need that it has not been asked for yet, and why."""
    on = on or timezone.localdate()
    day_not_future(on)
    reason = text_required(reason, NoticeError.REASON_REQUIRED)
    with transaction.atomic():
        locked = _locked_case(case, by)
        earlier = notices_of(locked)
        if not earlier:
            raise ValidationError(NoticeError.NOT_ISSUED.label, code=NoticeError.NOT_ISSUED.value)
        current = earlier[-1]
        if on < current.issued_on:
            raise ValidationError(NoticeError.DATE_BEFORE_LAST.label, code=NoticeError.DATE_BEFORE_LAST.value)
        content = notice_content(locked, on=on, supplement=True)
        if not content["items"]:
            raise ValidationError(NoticeError.NOTHING_NEW.label, code=NoticeError.NOTHING_NEW.value)
        content["reason"] = reason
        notice = OneTimeNotice.objects.create(
            case=locked,
            number=_notice_number(locked, on, current.sequence + 1),
            kind=NoticeKind.SUPPLEMENT,
            sequence=current.sequence + 1,
            supplements=current,
            reason=reason,
            issued_on=on,
            issued_by=by,
            content=content,
        )
        entry = audit_record(
            subject=notice,
            actor=by,
            event="notice.supplemented",
            on=on,
            reason=reason,
            after={**_audit_after(notice), "supplements": current.number},
        )
        live_announce(entry, notice)
    return notice


def _may_keep_materials(enterprise: Enterprise, by) -> bool:
    """Administrators; the enterprise's own agent; any staff on one of its cases."""
    if has_role(by, Role.ADMINISTRATOR):
        return True
    profile = getattr(by, "agent_profile", None)
    if profile is None or not has_role(by, Role.AGENT, Role.SUPERVISOR):
        return False
    if enterprise.assigned_agent_id == profile.pk:
        return True
    mine = Q(agent=profile)
    if has_role(by, Role.SUPERVISOR):
        mine |= Q(agent__centre_id=profile.centre_id)
    return ProxyCase.objects.filter(mine, enterprise=enterprise).exists()


def material_on_file_record(
    *,
    enterprise: Enterprise,
    material: Material,
    by,
    received_on: dt.date,
    valid_until: dt.date | None = None,
    file=None,
    note: str = "",
) -> EnterpriseMaterial:
    """The system now holds this material for the enterprise (received with a case,
    or shared by a department): later notices mark it as on file until it expires."""
    if not _may_keep_materials(enterprise, by):
        raise PermissionDenied(MaterialError.NOT_ALLOWED.label)
    day_not_future(received_on)
    if valid_until is not None and valid_until < received_on:
        raise ValidationError(MaterialError.VALID_BEFORE_RECEIVED.label, code=MaterialError.VALID_BEFORE_RECEIVED.value)
    held = EnterpriseMaterial(
        enterprise=enterprise,
        material=material,
        received_on=received_on,
        valid_until=valid_until,
        file=file or "",
        note=note.strip(),
        recorded_by=by,
    )
    held.full_clean()
    with transaction.atomic():
        held.save()
        entry = audit_record(
            subject=held,
            actor=by,
            event="material.recorded",
            on=received_on,
            after={
                "material": material.name,
                "received_on": received_on,
                "valid_until": valid_until,
                "note": held.note,
            },
        )
        live_announce(entry, held)
    return held
