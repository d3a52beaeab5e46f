"""The enterprise hands in a named material (a file, or a valid copy from its material
library); the case's agent accepts it (a new file goes into the library, so no later
case asks for it again) or asks for it again with the reason."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.audit.services import audit_record
from crm.models import Notification, NotificationKind
from crm.notifications.services import notify, notify_many
from crm.validation import text_required
from projects.enterprises.selectors import enterprise_user_ids
from projects.live import live_announce
from projects.models import (
    EnterpriseMaterial,
    ItemPause,
    Material,
    MaterialSubmission,
    ProxyCase,
    SubmissionState,
    case_side,
)
from projects.portal.submissions.errors import SubmissionError
from projects.portal.submissions.events import SubmissionEvent
from projects.portal.submissions.selectors import (
    notice_material_ids,
    open_corrections,
)


def _refuse(error: SubmissionError, **params) -> ValidationError:
    return ValidationError(error.label, code=error.value, params=params or None)


def _requested(case: ProxyCase, material: Material, pause: ItemPause | None) -> bool:
    """Is ``material`` asked for: by the case's notices, or by ``pause`` (an open
    correction of one of the case's items that names it)?"""
    if pause is None:
        return material.pk in notice_material_ids(case)
    return open_corrections(case).filter(pk=pause.pk, requested_materials=material).exists()


def _what(submission: MaterialSubmission) -> dict:
    item = submission.pause.item.approval_item.name if submission.pause else None
    return {"material": submission.material.name, "file_name": submission.file_name or None, "item": item}


def submission_submit(
    *,
    case: ProxyCase,
    material: Material,
    by,
    pause: ItemPause | None = None,
    file=None,
    library_copy: EnterpriseMaterial | None = None,
) -> MaterialSubmission:
    """An enterprise contact hands in ``material`` for the case's notice (no
    ``pause``) or for the correction ``pause`` asks for: a new ``file`` (checked by
    content and size) or a valid ``library_copy`` already on file. The case's agent
    gets a receipt reminder (收件提醒)."""
    if case_side(case, by) != "enterprise":
        raise PermissionDenied(SubmissionError.NOT_CONTACT.label)
    if bool(file) == (library_copy is not None):
        raise _refuse(SubmissionError.FILE_OR_COPY)
    if file:
        MaterialSubmission._meta.get_field("file").run_validators(file)
    today = timezone.localdate()
    if library_copy is not None and not (
        library_copy.enterprise_id == case.enterprise_id
        and library_copy.material_id == material.pk
        and EnterpriseMaterial.objects.on_file(on=today).filter(pk=library_copy.pk).exists()
    ):
        raise _refuse(SubmissionError.COPY_INVALID)
    with transaction.atomic():
        ProxyCase.objects.select_for_update().get(pk=case.pk)  # one pending row per material and request
        if not _requested(case, material, pause):
            raise _refuse(SubmissionError.NOT_REQUESTED)
        earlier = case.submissions.filter(material=material, pause=pause).order_by("-uploaded_at", "-pk").first()
        if earlier is not None and earlier.state == SubmissionState.PENDING:
            raise _refuse(SubmissionError.ALREADY_PENDING)
        if earlier is not None and earlier.state == SubmissionState.ACCEPTED:
            raise _refuse(SubmissionError.ALREADY_ACCEPTED)
        submission = MaterialSubmission(
            case=case, material=material, pause=pause, library_copy=library_copy, uploaded_by=by, file=file or ""
        )
        submission.save()
        reused = library_copy is not None
        entry = audit_record(
            subject=submission,
            actor=by,
            event=SubmissionEvent.REUSED if reused else SubmissionEvent.UPLOADED,
            after={**_what(submission), **({"library_copy_received_on": library_copy.received_on} if reused else {})},
        )
        notify(
            key=f"submission-{submission.pk}-received",
            recipient_id=case.agent.user_id,
            kind=NotificationKind.RECEIPT,
            title=_("收件提醒：%(enterprise)s提交了“%(material)s”")
            % {"enterprise": case.enterprise.name, "material": material.name},
            body=_("选用材料库中的副本") if reused else submission.file_name,
            url=reverse("projects:case_detail", args=[case.pk]) + "#submissions",
        )
        live_announce(entry, case)
    return submission


def _locked_pending(submission: MaterialSubmission, by) -> MaterialSubmission:
    if case_side(submission.case, by) != "staff":
        raise PermissionDenied(SubmissionError.NOT_STAFF.label)
    locked = MaterialSubmission.objects.select_for_update().get(pk=submission.pk)
    if locked.state != SubmissionState.PENDING:
        raise _refuse(
            SubmissionError.NOT_PENDING,
            day=f"{timezone.localtime(locked.reviewed_at):%Y-%m-%d}",
            state=locked.get_state_display(),
        )
    return locked


def _tell_enterprise(submission: MaterialSubmission, *, title: str, body: str = "") -> None:
    case = submission.case
    notify_many(
        Notification(
            key=f"submission-{submission.pk}-{submission.state}-{user_id}",
            recipient_id=user_id,
            kind=NotificationKind.RECEIPT if submission.state == SubmissionState.ACCEPTED else NotificationKind.STATUS,
            title=title[:200],
            body=body,
            url=reverse("projects:case_submissions", args=[case.pk]),
        )
        for user_id in enterprise_user_ids(case.enterprise_id)
    )


def submission_accept(*, submission: MaterialSubmission, by) -> MaterialSubmission:
    """The agent takes the material: a new file of a reusable material goes into the
    enterprise's material library (later cases reuse it); the enterprise is told."""
    with transaction.atomic():
        locked = _locked_pending(submission, by)
        case, today = submission.case, timezone.localdate()
        locked.state, locked.reviewed_by, locked.reviewed_at = SubmissionState.ACCEPTED, by, timezone.now()
        locked.save(update_fields=["state", "reviewed_by", "reviewed_at"])
        kept = None
        if locked.file and submission.material.reusable:
            kept = EnterpriseMaterial.objects.create(
                enterprise_id=case.enterprise_id,
                material=submission.material,
                file=locked.file.name,  # the same private file: one upload, one copy
                file_name=locked.file_name,
                received_on=today,
                recorded_by=by,
                note=_("%(case)s 企业在线提交，代办员收取") % {"case": case.number},
            )
        entry = audit_record(
            subject=locked,
            actor=by,
            event=SubmissionEvent.ACCEPTED,
            before={"state": SubmissionState.PENDING},
            after={**_what(locked), "state": locked.state, "library": kept is not None},
        )
        _tell_enterprise(
            locked,
            title=_("代办员已收取“%(material)s”") % {"material": submission.material.name},
            body=_("已存入贵企业材料库，以后办理其他事项无需重复提交") if kept else "",
        )
        live_announce(entry, case)
    return locked


def submission_ask_again(*, submission: MaterialSubmission, reason: str, by) -> MaterialSubmission:
    """The agent cannot use it: the enterprise is told why and submits again."""
    reason = text_required(reason, SubmissionError.REASON_REQUIRED)
    with transaction.atomic():
        locked = _locked_pending(submission, by)
        locked.state, locked.review_reason = SubmissionState.RESUBMIT, reason
        locked.reviewed_by, locked.reviewed_at = by, timezone.now()
        locked.save(update_fields=["state", "review_reason", "reviewed_by", "reviewed_at"])
        entry = audit_record(
            subject=locked,
            actor=by,
            event=SubmissionEvent.RETURNED,
            before={"state": SubmissionState.PENDING},
            after={**_what(locked), "state": locked.state},
            reason=reason,
        )
        _tell_enterprise(
            locked, title=_("请重新提交“%(material)s”") % {"material": submission.material.name}, body=reason
        )
        live_announce(entry, submission.case)
    return locked
