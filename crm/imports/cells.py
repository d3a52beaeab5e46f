"""Cells in: each widget turns one cell into a value or raises ``ValueError`` with a
sentence a user can act on (the resource files it under the cell's column).
django-import-export catches ``ValueError`` only, so a cell of the wrong type raises it
too (ruff's TRY004 is silenced for that)."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _
from import_export import widgets

# A cell longer than this is refused whatever the column (a pasted document is not a value).
MAX_CELL_LENGTH = 5000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[\s\u3000]+")
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")


class Formula(str):
    """A formula cell as read from the sheet (``=SUM(B2:B9)``): refused, since what it
    would compute to is whatever the sheet's author last saw, not what is imported."""


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value) -> str:
    """The cell as text: formulas, control characters (a NUL byte) and pasted documents
    refused; surrounding spaces removed; a whole number typed into a text column (a
    division code Excel stored as 320903) without its ``.0``."""
    if isinstance(value, Formula):
        raise ValueError(_("这是公式“%(formula)s”，请复制后“粘贴为数值”再导入") % {"formula": value[:60]})  # noqa: TRY004
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if len(text) > MAX_CELL_LENGTH:
        raise ValueError(_("内容过长（%(length)s个字），请精简后再导入") % {"length": len(text)})
    if _CONTROL.search(text):
        raise ValueError(_("含有不可见的控制字符，请删除后再导入"))
    return text.strip()


class Text(widgets.Widget):
    """Text, at most ``max_length`` characters; required or not."""

    def __init__(self, *, max_length: int | None = None, required: bool = False, upper: bool = False):
        super().__init__()
        self.max_length = max_length
        self.required = required
        self.upper = upper

    def clean(self, value, row=None, **kwargs) -> str:
        text = cell_text(value)
        if self.upper:
            text = text.upper().replace(" ", "")
        if not text and self.required:
            raise ValueError(_("必填，不能为空"))
        if self.max_length and len(text) > self.max_length:
            raise ValueError(
                _("不能超过%(limit)s个字（当前%(length)s个）") % {"limit": self.max_length, "length": len(text)}
            )
        return text

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class Number(widgets.Widget):
    """A number without units: ``5``, ``3,850,000``, ``12.5``; ``5个工作日`` or ``3850万元``
    is refused with the number the user should write."""

    def __init__(self, *, required: bool = False, integer: bool = False, places: int = 2):
        super().__init__()
        self.required = required
        self.integer = integer
        self.places = places

    def clean(self, value, row=None, **kwargs) -> Decimal | int | None:
        if isinstance(value, bool):
            raise ValueError(_("应填写数字"))  # noqa: TRY004
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, Formula):
            number = Decimal(str(value))
        else:
            text = cell_text(value)
            if not text:
                if self.required:
                    raise ValueError(_("必填，不能为空"))
                return None
            compact = _SPACES.sub("", text)
            if not _NUMBER.match(compact):
                digits = re.match(r"^[+-]?[\d,.]+", compact)
                if digits:
                    raise ValueError(
                        _("“%(text)s”不是数字：只填数字，不带单位，例如 %(number)s")
                        % {"text": text[:40], "number": digits.group(0)}
                    )
                raise ValueError(_("“%(text)s”不是数字") % {"text": text[:40]})
            number = Decimal(compact.replace(",", ""))
        if not number.is_finite():
            raise ValueError(_("应填写数字"))
        if self.integer:
            if number != number.to_integral_value():
                raise ValueError(_("应为整数（当前为%(number)s）") % {"number": number})
            return int(number)
        try:
            return number.quantize(Decimal(1).scaleb(-self.places))
        except InvalidOperation:
            raise ValueError(_("数字过大")) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class Date(widgets.Widget):
    """A date: a date cell, or text written YYYY-MM-DD; a day that does not exist
    (2026-02-30) is named as such."""

    def __init__(self, *, required: bool = False):
        super().__init__()
        self.required = required

    def clean(self, value, row=None, **kwargs) -> dt.date | None:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = cell_text(value)
        if not text:
            if self.required:
                raise ValueError(_("必填，不能为空"))
            return None
        match = _DATE.match(text)
        if not match:
            raise ValueError(_("“%(text)s”不是日期：请写作YYYY-MM-DD，例如 2026-03-02") % {"text": text[:40]})
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            raise ValueError(_("日期“%(text)s”不存在，请核对月份和日") % {"text": text}) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class Choice(widgets.Widget):
    """One of ``choices`` (a ``TextChoices``), written as its Chinese label (or its
    code); anything else is refused with the values allowed."""

    def __init__(self, choices, *, required: bool = True, aliases: dict | None = None):
        super().__init__()
        self.choices = list(choices)
        self.required = required
        self.lookup = {str(label): value for value, label in self.choices}
        self.lookup.update({str(value).lower(): value for value, _label in self.choices})
        self.lookup.update(aliases or {})

    @property
    def labels(self) -> list[str]:
        return [str(label) for _value, label in self.choices]

    def clean(self, value, row=None, **kwargs) -> str:
        text = cell_text(value)
        if not text:
            if self.required:
                raise ValueError(_("必填，可选：%(labels)s") % {"labels": "、".join(self.labels)})
            return ""
        found = self.lookup.get(text, self.lookup.get(text.lower()))
        if found is None:
            raise ValueError(
                _("“%(text)s”不是可选值，可选：%(labels)s") % {"text": text[:40], "labels": "、".join(self.labels)}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return {v: str(label) for v, label in self.choices}.get(value, value or "")


class YesNo(widgets.Widget):
    """是 or 否 (also 1/0, Y/N, TRUE/FALSE, a true or false cell); empty is ``default``."""

    TRUE = {"是", "1", "y", "yes", "true", "√"}
    FALSE = {"否", "0", "n", "no", "false", "×"}

    def __init__(self, *, default: bool):
        super().__init__()
        self.default = default

    def clean(self, value, row=None, **kwargs) -> bool:
        if isinstance(value, bool):
            return value
        text = cell_text(value).lower()
        if not text:
            return self.default
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("“%(text)s”应填写“是”或“否”") % {"text": text[:40]})

    def render(self, value, obj=None, **kwargs):
        return _("是") if value else _("否")


class Lookup(widgets.Widget):
    """A row of ``model`` named by any of ``keys`` (a zone by its name or its division
    code). Rows the importing user may not see are not found. Unknown or ambiguous
    names are refused, naming what was looked for."""

    def __init__(self, model: type[Model], keys: tuple[str, ...], *, required: bool = True, shown: str | None = None):
        super().__init__()
        self.model = model
        self.keys = keys
        self.required = required
        self.shown = shown or keys[0]
        self.rows: QuerySet | None = None  # set by the resource: the user's rows
        self._cache: dict[str, Model | None] = {}

    def clean(self, value, row=None, **kwargs) -> Model | None:
        text = cell_text(value)
        if not text:
            if self.required:
                raise ValueError(_("必填，不能为空"))
            return None
        if text not in self._cache:
            self._cache[text] = self._find(text)
        found = self._cache[text]
        if isinstance(found, str):
            raise ValueError(found)  # noqa: TRY004
        return found

    def prefetch(self, values) -> None:
        """Look every name among ``values`` up in one query (``clean`` then reads the
        answers): an import of 10,000 rows naming 2,000 enterprises asks once, not
        2,000 times. Unreadable cells are left for ``clean`` to refuse; a lookup that
        finds rows its own way (its own ``_find``) asks name by name."""
        if type(self)._find is not Lookup._find:
            return
        texts = set()
        for value in values:
            try:
                text = cell_text(value)
            except ValueError:
                continue
            if text and text not in self._cache:
                texts.add(text)
        if not texts:
            return
        condition = Q()
        for key in self.keys:
            condition |= Q(**{f"{key}__in": texts})
        found: dict[str, list[Model]] = {text: [] for text in texts}
        for row in self._rows().filter(condition):
            for text in {str(getattr(row, key)) for key in self.keys} & texts:
                found[text].append(row)
        for text, rows in found.items():
            self._cache[text] = self._verdict(text, rows)

    def _rows(self) -> QuerySet:
        return self.rows if self.rows is not None else self.model._default_manager.all()

    def _find(self, text: str) -> Model | str:
        """The row named ``text``, or the sentence saying why there is none."""
        condition = Q()
        for key in self.keys:
            condition |= Q(**{key: text})
        return self._verdict(text, list(self._rows().filter(condition)[:2]))

    def _verdict(self, text: str, found: list[Model]) -> Model | str:
        if len(found) == 1:
            return found[0]
        name = self.model._meta.verbose_name
        if found:
            return _("“%(text)s”对应多个%(model)s，请填写更具体的名称") % {"text": text[:40], "model": name}
        return _("找不到%(model)s“%(text)s”") % {"model": name, "text": text[:40]}

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, self.shown))
