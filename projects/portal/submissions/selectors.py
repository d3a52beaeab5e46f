"""What the enterprise is asked to hand in for a case, and where each material stands."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from projects.models import (
    EnterpriseMaterial,
    ItemPause,
    ItemState,
    Material,
    MaterialSubmission,
    PauseCause,
    ProxyCase,
    SubmissionState,
)

# The item states in which a correction waits on the enterprise.
CORRECTION_STATES = (ItemState.CORRECTING, ItemState.RETURNED)


def notice_material_ids(case: ProxyCase) -> list[int]:
    """The materials the case's issued notices asked for (in the order they listed
    them), from the content frozen at issue."""
    ids: list[int] = []
    for content in case.notices.order_by("sequence").values_list("content", flat=True):
        for row in content.get("materials", []):
            if row["material_id"] not in ids:
                ids.append(row["material_id"])
    return ids


def open_corrections(case: ProxyCase) -> QuerySet[ItemPause]:
    """The corrections now waiting on the enterprise: the open correction pause of
    each item in 企业补正中 or 退回补正, with the materials it names."""
    return (
        ItemPause.objects.filter(
            item__case=case, item__state__in=CORRECTION_STATES, resumed_on__isnull=True, cause=PauseCause.CORRECTION
        )
        .select_related("item__approval_item__department")
        .prefetch_related("requested_materials")
        .order_by("paused_on", "pk")
    )


@dataclass
class Requested:
    """One material asked for, where it stands and what the enterprise may do."""

    material: Material
    pause: ItemPause | None
    latest: MaterialSubmission | None
    library: EnterpriseMaterial | None
    status: str = ""
    done: bool = False  # nothing more to hand in
    on_file: bool = False  # a valid copy in the material library answers it
    may_submit: bool = False


@dataclass
class RequestGroup:
    title: str
    pause: ItemPause | None = None
    rows: list[Requested] = field(default_factory=list)
    note: str = ""


def _status(row: Requested) -> None:
    latest = row.latest
    if latest is not None and latest.state == SubmissionState.PENDING:
        row.status, row.done = _("待代办员审核"), True
    elif latest is not None and latest.state == SubmissionState.ACCEPTED:
        row.status, row.done = _("已收取"), True
    elif latest is not None:
        row.status = _("需重新提交：%(reason)s") % {"reason": latest.review_reason}
    elif row.pause is None and row.library is not None:
        row.status, row.done, row.on_file = _("材料库已有"), True, True
    else:
        row.status = _("未提交")
    row.may_submit = not row.done


def case_requests(case: ProxyCase, *, on: dt.date) -> list[RequestGroup]:
    """The groups of materials asked for: the one-time notice's, then each open
    correction (with its reason). Each row: the latest submission, the valid copy in
    the material library, the status in words. A fixed number of queries."""
    notice_ids = notice_material_ids(case)
    corrections = list(open_corrections(case))
    wanted = set(notice_ids) | {m.pk for pause in corrections for m in pause.requested_materials.all()}
    materials = Material.objects.in_bulk(notice_ids)
    latest: dict[tuple[int, int | None], MaterialSubmission] = {}
    for submission in case.submissions.select_related("reviewed_by", "library_copy").order_by("uploaded_at", "pk"):
        latest[(submission.material_id, submission.pause_id)] = submission
    library: dict[int, EnterpriseMaterial] = {}
    for copy in (
        EnterpriseMaterial.objects.on_file(on=on)
        .filter(enterprise_id=case.enterprise_id, material_id__in=wanted)
        .order_by("received_on", "pk")
    ):
        library[copy.material_id] = copy

    def row(material: Material, pause: ItemPause | None) -> Requested:
        requested = Requested(material, pause, latest.get((material.pk, pause.pk if pause else None)), None)
        copy = library.get(material.pk)
        refused = requested.latest is not None and requested.latest.state == SubmissionState.RESUBMIT
        # A copy the agent has just refused is not offered again: only a new file will do.
        requested.library = (
            None if refused and copy is not None and requested.latest.library_copy_id == copy.pk else copy
        )
        _status(requested)
        return requested

    notice = RequestGroup(_("一次性告知书材料"))
    notice.rows = [row(materials[pk], None) for pk in notice_ids if pk in materials]
    if not notice_ids and not case.notices.exists():  # a notice lists materials, so only an empty list asks
        notice.note = _("代办员尚未出具一次性告知书，出具后这里列出全部材料。")
    groups = [notice]
    for pause in corrections:
        group = RequestGroup(_("补正材料"), pause=pause)
        group.rows = [row(m, pause) for m in sorted(pause.requested_materials.all(), key=lambda m: m.name)]
        if not group.rows:
            group.note = _("代办员未指明具体材料，请按上述原因准备，并与代办员联系。")
        groups.append(group)
    return groups


def submissions_of_case(case: ProxyCase) -> QuerySet[MaterialSubmission]:
    """The case's submissions, those waiting for review first, then newest first."""
    return (
        case.submissions.select_related(
            "material", "pause__item__approval_item", "uploaded_by", "reviewed_by", "library_copy"
        )
        .annotate(waiting=Case(When(state=SubmissionState.PENDING, then=Value(0)), default=Value(1)))
        .order_by("waiting", "-uploaded_at", "-pk")
    )


def cases_with_pending_submissions(cases: QuerySet[ProxyCase]) -> QuerySet[ProxyCase]:
    """Of ``cases``, those with uploads waiting for review, each with how many."""
    waiting = Q(submissions__state=SubmissionState.PENDING)
    return (
        cases.filter(waiting)
        .annotate(pending=Count("submissions", filter=waiting))
        .select_related("enterprise")
        .order_by("number")
    )
