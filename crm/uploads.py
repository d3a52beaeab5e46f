"""Files people upload: one place that decides what may be stored and how it is served.

An upload is accepted only if its content (not its name) is one of the kinds its field
allows and it is within ``CRM_UPLOAD_MAX_BYTES``. It is stored under a random name in a
private folder (MEDIA_ROOT is never served), its original name kept beside it for pages
and downloads. It leaves only through ``file_response``, called by a view that has
checked who may see it: the type sent is the one its content shows, anything but
PDF/JPEG/PNG is a download, and the response may never run script on the app's origin
(``nosniff``, ``Content-Security-Policy: sandbox``) — even for a file that reached the
storage some other way.
"""

import os
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.functional import lazy
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

__all__ = [
    "DOCUMENT_KINDS",
    "IMAGE_KINDS",
    "SCAN_KINDS",
    "UploadField",
    "UploadValidator",
    "detect_kind",
    "file_response",
]


@dataclass(frozen=True)
class Kind:
    code: str
    mime: str
    extension: str
    label: str
    inline: bool = False  # browsers show it in place; everything else is a download


KINDS = {
    kind.code: kind
    for kind in (
        Kind("pdf", "application/pdf", "pdf", "PDF", inline=True),
        Kind("jpeg", "image/jpeg", "jpg", "JPEG", inline=True),
        Kind("png", "image/png", "png", "PNG", inline=True),
        Kind("ofd", "application/ofd", "ofd", "OFD"),
        Kind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word（DOCX）"),
        Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel（XLSX）"),
        Kind("csv", "text/csv", "csv", "CSV"),
    )
}
SCAN_KINDS = ("pdf", "jpeg", "png", "ofd")  # scans and signed copies
DOCUMENT_KINDS = (*SCAN_KINDS, "docx", "xlsx")  # also forms to fill in
IMAGE_KINDS = ("jpeg", "png")

_HEAD_BYTES = 8192
_BY_MIME = {"application/pdf": "pdf", "image/jpeg": "jpeg", "image/png": "png"}
# Formats filetype recognises by a zip header; which one it really is depends on the
# members, so the zip directory decides.
_ZIP_EXTENSIONS = {"zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub", "jar", "apk"}


def _zip_kind(file) -> str | None:
    """OFD (GB/T 33190) is a zip with OFD.xml at its root; DOCX and XLSX are OOXML
    packages with their main part in place."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "OFD.xml" in names:
        return "ofd"
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def _is_text(head: bytes) -> bool:
    """Plain text as Excel and WPS save a CSV (UTF-8 or GB18030, no NUL byte): taken
    as a CSV, which only a sheet import accepts (and reads cell by cell)."""
    if not head or b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as error:
            if len(head) == _HEAD_BYTES and error.start >= len(head) - 4:  # a character cut at the end
                return True
        else:
            return True
    return False


def detect_kind(file, *, text_as_csv: bool = False) -> Kind | None:
    """The kind a file's content shows (its name plays no part), or None for anything
    not in ``KINDS``. Plain text is a CSV only where a field takes CSV (``text_as_csv``):
    served, it stays an unknown kind, never text a browser might render. Leaves the
    file at its start."""
    if hasattr(file, "open") and getattr(file, "closed", False):
        file.open("rb")
    file.seek(0)
    head = file.read(_HEAD_BYTES)
    file.seek(0)
    guess = filetype.guess(head)
    if guess is None:
        return KINDS["csv"] if text_as_csv and _is_text(head) else None
    code = _BY_MIME.get(guess.mime)
    if code is None and guess.extension in _ZIP_EXTENSIONS:
        code = _zip_kind(file)
        file.seek(0)
    return KINDS.get(code) if code else None


def upload_max_bytes() -> int:
    return settings.CRM_UPLOAD_MAX_BYTES


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def kinds_label(kinds: Iterable[str]) -> str:
    return "、".join(KINDS[code].label for code in kinds)


@deconstructible
class UploadValidator:
    """Size within ``CRM_UPLOAD_MAX_BYTES`` and content one of ``kinds``. A file already
    stored (an unchanged field on an edited row) is not checked again."""

    def __init__(self, kinds: Iterable[str]):
        self.kinds = tuple(kinds)

    def __call__(self, value) -> None:
        if not value or (isinstance(value, FieldFile) and value._committed):
            return
        limit = upload_max_bytes()
        if value.size > limit:
            raise ValidationError(
                _("文件不能超过 %(limit)s，所选文件为 %(size)s")
                % {"limit": _megabytes(limit), "size": _megabytes(value.size)},
                code="file_too_large",
            )
        file = value.file if isinstance(value, FieldFile) else value
        kind = detect_kind(file, text_as_csv="csv" in self.kinds)
        if kind is None or kind.code not in self.kinds:
            raise ValidationError(
                _("只接受 %(kinds)s 文件（按文件内容判断，与文件名无关），所选文件不是其中之一")
                % {"kinds": kinds_label(self.kinds)},
                code="file_type",
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, UploadValidator) and self.kinds == other.kinds


class UploadFieldFile(FieldFile):
    @property
    def url(self) -> str:
        """The view that checks who may see the file; never a /media/ address."""
        self._require_file()
        viewname, arg = self.field.serve
        return reverse(viewname, args=[getattr(self.instance, arg)])

    def save(self, name, content, save=True):
        """Stored as ``<uuid>.<extension of the detected kind>``; the name it came with
        goes to the field's ``name_field``."""
        kind = detect_kind(content, text_as_csv="csv" in self.field.kinds)
        setattr(self.instance, self.field.name_field, os.path.basename(name)[:255])
        super().save(f"{uuid.uuid4().hex}.{kind.extension if kind else 'bin'}", content, save)


class UploadField(models.FileField):
    """A FileField that validates with ``UploadValidator(kinds)``, stores under a random
    name and keeps the original name in ``name_field`` (a CharField declared after it, so
    it is written after the file is). ``serve`` is (view name, attribute of the row that
    is the view's argument) and makes ``.url`` point to the guarded view."""

    attr_class = UploadFieldFile

    def __init__(self, *args, kinds: Iterable[str] = SCAN_KINDS, name_field: str = "", serve=("", "pk"), **kwargs):
        self.kinds, self.name_field, self.serve = tuple(kinds), name_field, tuple(serve)
        kwargs["validators"] = [UploadValidator(self.kinds), *kwargs.get("validators", [])]
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)  # derived from kinds
        kwargs.update(kinds=list(self.kinds), name_field=self.name_field)
        return name, path, args, kwargs


def _help_text(kinds: Iterable[str]) -> str:
    return _("%(kinds)s，不超过 %(limit)s") % {"kinds": kinds_label(kinds), "limit": _megabytes(upload_max_bytes())}


help_text = lazy(_help_text, str)


def upload_form_field(label, *, kinds: Iterable[str] = SCAN_KINDS, required: bool = False) -> forms.FileField:
    """The form field for a page that takes an upload: same checks as the model field,
    the accepted types and limit shown beside it."""
    kinds = tuple(kinds)
    return forms.FileField(
        label=label, required=required, validators=[UploadValidator(kinds)], help_text=help_text(kinds)
    )


def original_name_field(verbose_name=None) -> models.CharField:
    return models.CharField(verbose_name or gettext_lazy("原文件名"), max_length=255, blank=True, editable=False)


def file_response(
    file: FieldFile, *, download_name: str = "", allow_inline: bool = True, streaming: bool = True
) -> HttpResponseBase:
    """Send a stored file after the caller has checked who may see it.

    The content type is the kind its content shows (octet-stream if none, so a planted
    HTML or SVG is never rendered); only PDF/JPEG/PNG may be shown in place. The sandbox
    CSP gives even an inline document an opaque origin with no script, so it can reach
    neither the app's cookies nor its pages. ``streaming=False`` reads the file into a
    plain HttpResponse, for callers that accept nothing else (Wagtail's serve hooks).
    """
    try:
        file.open("rb")
    except FileNotFoundError as missing:  # the row outlived its file (a restore without media)
        raise Http404 from missing
    kind = detect_kind(file)
    inline = allow_inline and kind is not None and kind.inline
    name = download_name or os.path.basename(file.name)
    if kind is None:
        name = name if name.endswith(".bin") else f"{name}.bin"
    elif os.path.splitext(name)[1].lower().lstrip(".") not in {kind.extension, kind.code}:
        name = f"{os.path.splitext(name)[0]}.{kind.extension}"
    content_type = kind.mime if kind else "application/octet-stream"
    if streaming:
        response = FileResponse(file, as_attachment=not inline, filename=name, content_type=content_type)
    else:
        with file:
            response = HttpResponse(file.read(), content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(not inline, name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
