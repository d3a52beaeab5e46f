"""The submissions of the demo, played through the services: on 盐城高新区新能源科技有限公司's
case, whose fire-design item waits for a correction naming 消防设计文件, the enterprise
has uploaded that file (waiting for the agent's review), and two materials of the
one-time notice: one the agent accepted (now in the material library), one asked for
again with the reason."""

import datetime as dt

from django.core.files.base import ContentFile

from projects.models import Material, ProxyCase
from projects.portal.submissions.selectors import open_corrections
from projects.portal.submissions.services import submission_accept, submission_ask_again, submission_submit

ENTERPRISE = "盐城高新区新能源科技有限公司"
CORRECTED_ITEM = "320903-XK-0601"
ASKED_AGAIN = "扫描件缺少第3页和企业公章，请重新扫描完整件上传"


def demo_pdf(title: str) -> bytes:
    """A small valid one-page PDF (its cross-reference offsets computed) saying ``title``
    in ASCII, so viewers open it."""
    text = title.encode("ascii", "replace").decode()
    stream = f"BT /F1 18 Tf 60 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>"
        ),
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _file(name: str, title: str) -> ContentFile:
    return ContentFile(demo_pdf(title), name=name)


def submissions_demo(today: dt.date) -> int:
    """Three submissions on the case (none if it has any already): returns how many."""
    case = (
        ProxyCase.objects.filter(enterprise__name=ENTERPRISE, items__approval_item__code=CORRECTED_ITEM)
        .select_related("agent__user", "enterprise")
        .first()
    )
    contact = case and case.enterprise.contacts.filter(user__isnull=False).order_by("-is_primary", "pk").first()
    if case is None or contact is None or case.submissions.exists():
        return 0
    agent, by = case.agent.user, contact.user
    pause = next((p for p in open_corrections(case) if p.requested_materials.exists()), None)
    notice = case.notices.order_by("sequence").first()
    asked = [row["material_id"] for row in notice.content["materials"] if not row["on_file"]] if notice else []
    to_play = list(Material.objects.filter(pk__in=asked).order_by("name")[:2])
    created = 0
    if to_play:  # the first accepted (it goes into the material library)
        first = submission_submit(case=case, material=to_play[0], file=_file(f"{to_play[0].name}.pdf", "Scan 1"), by=by)
        submission_accept(submission=first, by=agent)
        created += 1
    if len(to_play) > 1:  # the second asked for again, with the reason
        second = submission_submit(
            case=case, material=to_play[1], file=_file(f"{to_play[1].name}.pdf", "Scan 2 (incomplete)"), by=by
        )
        submission_ask_again(submission=second, reason=ASKED_AGAIN, by=agent)
        created += 1
    if pause is not None:
        material = pause.requested_materials.order_by("name").first()
        submission_submit(
            case=case, material=material, pause=pause, file=_file(f"{material.name}（补正）.pdf", "Fire design"), by=by
        )
        created += 1
    return created
