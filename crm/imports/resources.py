"""``SheetResource``: the base of every model a sheet can import.

- Headers are the Chinese column names; a sheet with a missing required column, an
  unknown column, an empty header (a merged header cell) or a column twice is refused
  as a whole, naming them.
- All or nothing: the file is one transaction, and any bad row rolls it back.
- Every bad row is reported with its number in the sheet, its column and the reason
  (``sheet_problems``); the same list feeds the admin's preview and the command.
- Rows are matched on the model's natural key (``import_id_fields``: a credit code, a
  project code, an item code), so importing a file twice changes nothing the second
  time; the same key twice in one file is refused on its second row.
- Every row written is audited, one entry per row (through the model's service where
  it has one: ``save_row``), by the user importing (the system for the command).
- A user imports only within their scope: rows and related rows they may not see are
  not found (``rows_for``)."""

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, MultipleObjectsReturned, ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.instance_loaders import ModelInstanceLoader
from openpyxl.utils import get_column_letter

from crm.audit.edits import audit_admin_edit
from crm.imports.cells import Choice, Lookup, Number, Text
from crm.imports.formats import SheetError
from crm.organisation.models import Zone

WHOLE_ROW = ""
# Rows one file may hold: a file is one transaction. The admin imports while the user
# waits, so it takes fewer (ADMIN_MAX_ROWS, crm.imports.admin) than the command.
MAX_ROWS = 10_000
PROGRESS_EVERY = 100


@dataclass(frozen=True)
class SheetProblem:
    """One reason a file cannot be imported: ``row`` is the row's number in the sheet
    (None for the file as a whole), ``column`` its header ("" for the whole row)."""

    row: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        where = _("第%(row)s行") % {"row": self.row} if self.row else _("文件")
        if self.column:
            where += f" «{self.column}»"
        return f"{where}：{self.reason}"


def column(attribute: str, name: str, widget, **kwargs) -> fields.Field:
    """A sheet column ``name`` (the Chinese header) filling ``attribute``."""
    return fields.Field(attribute=attribute, column_name=name, widget=widget, **kwargs)


class SheetInstanceLoader(ModelInstanceLoader):
    """The rows the file names already stored, read in one query (not one a row),
    matched on the natural key. A key cell that cannot be read is left for the row's
    own errors to report."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.keys = [resource.fields[name] for name in resource.get_import_id_fields()]
        wanted: list[set] = [set() for _key in self.keys]
        for row in dataset.dict if dataset else ():
            try:
                key = self.key_of(row)
            except ValueError:
                continue
            for values, value in zip(wanted, key, strict=True):
                values.add(value)
        names = [resource._meta.model._meta.get_field(key.attribute).attname for key in self.keys]
        rows = self.get_queryset().filter(
            **{f"{name}__in": values - {None} for name, values in zip(names, wanted, strict=True)}
        )
        # A key more than one stored row holds (a model whose key is not unique) matches
        # none of them: the row is refused, as Django's get() refuses it.
        self.stored, self.ambiguous = {}, set()
        for stored in rows:
            key = tuple(getattr(stored, name) for name in names)
            if key in self.stored:
                self.ambiguous.add(key)
            self.stored[key] = stored

    def key_of(self, row) -> tuple:
        return tuple(_plain(key.clean(row)) for key in self.keys)

    def get_instance(self, row):
        key = self.key_of(row)
        if key in self.ambiguous:
            raise MultipleObjectsReturned
        return self.stored.get(key)


def _cell_text(value) -> str:
    """A cell as the text it shows, for comparing a row with the example."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _plain(value):
    """A key's value as stored in its column (a related row by its primary key)."""
    return value.pk if isinstance(value, Model) else value


class SheetResource(resources.ModelResource):
    """The base of every importable model. A subclass declares its columns (``column``
    with a widget from ``crm.imports.cells``), ``Meta.import_id_fields`` (its natural
    key), ``example`` (the template's example row, column name → value) and, where
    the model has a service, ``save_row``."""

    # What the template's second sheet says about a column besides its allowed values.
    notes: dict[str, str] = {}
    # The template's example row is made up (a sample enterprise, a sample project): a
    # file still holding it unchanged is refused on that row. False where the example is
    # a real row one may well import (next year's New Year's Day).
    example_is_sample = True

    class Meta:
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        # Stored rows are read in one query (``SheetInstanceLoader``). ``use_bulk`` (a
        # model none of whose columns names a row of the same file) spares each row its
        # savepoint (the file is one transaction) and writes the new rows through
        # ``save_new_rows`` once every row is checked (no batch size): a file with a
        # bad row, even its last, writes nothing at all.
        batch_size = None
        instance_loader_class = SheetInstanceLoader

    def __init__(
        self,
        *,
        by=None,
        rows_for: Callable[[type[Model]], QuerySet] | None = None,
        may_change: Callable[[Model], bool] | None = None,
        max_rows: int | None = None,
        progress: Callable[[int], None] | None = None,
        **kwargs,
    ):
        """``by``: the user importing (None: the system). ``rows_for``: the rows of a
        model the user sees (related rows are looked up among them); ``may_change``:
        whether the user may change a row already stored. None: everything.
        ``max_rows``: the most rows a file may hold (``MAX_ROWS`` if None).
        ``progress(rows)``: told every ``PROGRESS_EVERY`` rows how many were checked."""
        super().__init__(**kwargs)
        self.progress = progress
        self.max_rows = max_rows
        self.by = by
        self.rows_for = rows_for
        self.may_change = may_change
        self._sheet_rows: list[int] = []
        self._first_row_of: dict[str, int] = {}
        self._example_row: dict[str, str] | None = None
        for field in self.get_import_fields():
            if isinstance(field.widget, Lookup) and rows_for is not None:
                field.widget.rows = rows_for(field.widget.model)

    # --- the columns ---------------------------------------------------------------------

    @classmethod
    def column_names(cls) -> list[str]:
        return [field.column_name for field in cls().get_import_fields()]

    def key_field(self) -> fields.Field:
        return self.fields[self.get_import_id_fields()[0]]

    def required_columns(self) -> list[str]:
        key = self.key_field().column_name
        return [
            field.column_name
            for field in self.get_import_fields()
            if field.column_name == key or getattr(field.widget, "required", False)
        ]

    def header_problems(self, headers: list) -> list[SheetProblem]:
        """What is wrong with the header row, if anything."""
        problems = []
        known = self.column_names()
        for index, header in enumerate(headers):
            if header is None:
                problems.append(
                    SheetProblem(
                        1,
                        "",
                        _("第%(column)s列没有标题（标题行不能合并单元格或留空）")
                        % {"column": get_column_letter(index + 1)},
                    )
                )
        present = [header for header in headers if header is not None]
        if missing := [name for name in self.required_columns() if name not in present]:
            problems.append(SheetProblem(1, "", _("缺少必需的列：%(names)s") % {"names": "、".join(missing)}))
        if unknown := [header for header in present if header not in known]:
            problems.append(
                SheetProblem(
                    1,
                    "",
                    _("无法识别的列：%(names)s（可用的列：%(known)s）")
                    % {"names": "、".join(str(h)[:40] for h in unknown), "known": "、".join(known)},
                )
            )
        if twice := sorted({header for header in present if present.count(header) > 1}):
            problems.append(SheetProblem(1, "", _("列重复出现：%(names)s") % {"names": "、".join(twice)}))
        return problems

    # --- one transaction, every problem reported -----------------------------------------

    def import_data(self, dataset, dry_run=False, *args, rollback_on_validation_errors=True, **kwargs):
        """All or nothing (a file with an invalid row writes nothing, as one with a row
        that failed does); a file whose headers are wrong is not read further. Only a
        dry run (the admin's preview) compares each row with what is stored for the
        page (``skip_diff``): an import that writes has no page to show it on."""
        self._meta = copy.copy(self._meta)
        self._meta.skip_diff = not dry_run
        self._sheet_rows = getattr(dataset, "sheet_rows", None) or list(range(2, len(dataset) + 2))
        problems = self.header_problems(list(dataset.headers or []))
        limit = self.max_rows or MAX_ROWS
        if len(dataset) > limit:
            problems.append(
                SheetProblem(
                    None,
                    "",
                    _("文件有%(rows)s行，一次最多导入%(limit)s行，请分批导入") % {"rows": len(dataset), "limit": limit},
                )
            )
        if problems:
            result = self.get_result_class()()
            result.total_rows = len(dataset)
            for problem in problems:
                result.append_base_error(self.get_error_result_class()(SheetError(str(problem))))
            result.sheet_problems = problems
            return result
        result = super().import_data(
            dataset, dry_run, *args, rollback_on_validation_errors=rollback_on_validation_errors, **kwargs
        )
        for row in result.invalid_rows:
            row.number = self.sheet_row(row.number)
        for row in result.error_rows:
            row.number = self.sheet_row(row.number)
        result.sheet_problems = self.problems_of(result)
        return result

    def sheet_row(self, number: int) -> int:
        """The sheet's number of the dataset's ``number``-th row (counted from 1)."""
        return self._sheet_rows[number - 1] if 0 < number <= len(self._sheet_rows) else number + 1

    def problems_of(self, result) -> list[SheetProblem]:
        problems = [
            SheetProblem(
                None, "", str(error.error) if isinstance(error.error, SheetError) else _row_error_reason(error.error)
            )
            for error in result.base_errors
        ]
        for row in result.error_rows:
            problems.extend(SheetProblem(row.number, WHOLE_ROW, _row_error_reason(e.error)) for e in row.errors)
        for row in result.invalid_rows:
            for name, messages in row.error_dict.items():
                for message in messages:
                    problems.append(SheetProblem(row.number, "" if name == NON_FIELD_ERRORS else name, message))
        return sorted(problems, key=lambda p: (p.row or 0,))

    def before_import(self, dataset, **kwargs):
        """Where each natural key first appears, for refusing it on a later row."""
        self._first_row_of = {}
        for field in self.get_import_fields():
            widget = field.widget
            # a column naming rows of the same model may name one an earlier row adds
            if (
                isinstance(widget, Lookup)
                and widget.model is not self._meta.model
                and field.column_name in dataset.headers
            ):
                widget.prefetch(dataset[field.column_name])
        for number, row in enumerate(dataset.dict, 1):
            if key := self._key_of(row):
                self._first_row_of.setdefault(key, self.sheet_row(number))
        example = self.example() if self.example_is_sample else {}
        self._example_row = {name: _cell_text(value) for name, value in example.items()} if example else None

    def _is_the_example(self, row) -> bool:
        """Is this row the template's example, left as it was (every cell)?"""
        example = self._example_row
        return bool(example) and all(_cell_text(row.get(name)) == text for name, text in example.items())

    def _key_of(self, row) -> str:
        """The row's natural key as text ("" when a part is missing or unreadable: the
        row's own errors say why)."""
        parts = []
        for name in self.get_import_id_fields():
            field = self.fields[name]
            try:
                value = field.widget.clean(row.get(field.column_name))
            except ValueError:
                return ""
            if value in (None, ""):
                return ""
            parts.append(str(value))
        return " / ".join(parts)

    def before_import_row(self, row, row_number=None, **kwargs):
        if self._is_the_example(row):
            raise ValidationError(
                {self.key_field().column_name: [_("这是导入模板中的示例行，请删除或改为实际数据后再导入")]}
            )
        key = self._key_of(row)
        first = self._first_row_of.get(key)
        if first is not None and first != self.sheet_row(row_number):
            raise ValidationError(
                {self.key_field().column_name: [_("“%(value)s”与第%(row)s行重复") % {"value": key, "row": first}]}
            )

    def after_import_row(self, row, row_result, row_number=None, **kwargs):
        if self.progress is not None and row_number and (row_number % PROGRESS_EVERY == 0):
            self.progress(row_number)

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError as error:
            raise ValidationError({self.key_field().column_name: [str(error)]}) from None

    def after_init_instance(self, instance, new, row, **kwargs):
        """A row the user may not see is not theirs to change through a sheet either."""
        if new:
            return
        instance._sheet_stored = copy.copy(instance)  # as stored, for the audit's "before"
        if self.may_change is None:
            return
        if not self.may_change(instance):
            raise ValidationError(
                {
                    self.key_field().column_name: [
                        _("该%(model)s不在您的管辖范围内，不能修改") % {"model": self._meta.model._meta.verbose_name}
                    ]
                }
            )

    def import_instance(self, instance, row, **kwargs):
        """The model's columns, then the columns with no field of their own (an item's
        materials, a bundle's items): read into ``instance._sheet_lists`` (field name →
        value) for ``save_row``; errors of both filed together."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        instance._sheet_lists = {}
        for name, field in self.fields.items():
            if field.attribute is None and field.column_name in row:
                try:
                    instance._sheet_lists[name] = field.widget.clean(row[field.column_name])
                except ValueError as error:
                    errors[field.column_name] = ValidationError(str(error))
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """A stored row the file leaves as it is (``skip_unchanged``): compared with the
        row as stored, the diff or not."""
        stored = getattr(instance, "_sheet_stored", None)
        if not self._meta.skip_unchanged or import_validation_errors or stored is None:
            return False
        names = [
            self._meta.model._meta.get_field(field.attribute).attname  # a related row: its key, not a query
            for field in self.get_import_fields()
            if field.attribute is not None
        ]
        return all(getattr(instance, name) == getattr(stored, name) for name in names)

    def row_problems(self, instance) -> dict[str, str]:
        """Checks a model's own validation does not make (attribute → reason)."""
        return {}

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own validation, without the queries the import has made already:
        a related row a column found (among the user's rows) exists; a natural key the
        file names was looked up (``SheetInstanceLoader``) and is not in the file
        twice (``before_import_row``)."""
        errors = dict(import_validation_errors or {})
        for attribute, reason in self.row_problems(instance).items():
            errors.setdefault(attribute, [ValidationError(reason)])
        found = {
            field.attribute
            for field in self.get_import_fields()
            if isinstance(field.widget, Lookup) and getattr(instance, field.attribute, None) is not None
        }
        try:
            instance.clean_fields(exclude=set(errors) | found)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            instance.clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        known = set(errors) | set(self.get_import_id_fields())
        checks = [instance.validate_constraints] + ([instance.validate_unique] if validate_unique else [])
        for check in checks:
            try:
                check(exclude=known)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(self._by_column(ValidationError(errors)))

    def _by_column(self, error: ValidationError) -> dict[str, list[str]]:
        """Errors filed under the model's field names, re-filed under the sheet's headers
        (a field with no column of its own: under the whole row, with its name)."""
        columns = {field.attribute: field.column_name for field in self.get_import_fields() if field.attribute}
        names = {field.column_name for field in self.get_import_fields()}
        by_column: dict[str, list[str]] = {}
        for name, errors in error.error_dict.items():
            messages = ValidationError(errors).messages
            if name in columns:
                by_column.setdefault(columns[name], []).extend(messages)
            elif name in names:  # filed under its column already (a column with no field)
                by_column.setdefault(name, []).extend(messages)
            elif name == NON_FIELD_ERRORS:
                by_column.setdefault(NON_FIELD_ERRORS, []).extend(messages)
            else:
                label = str(self._meta.model._meta.get_field(name).verbose_name)
                by_column.setdefault(NON_FIELD_ERRORS, []).extend(f"{label}：{m}" for m in messages)
        return by_column

    # --- writing --------------------------------------------------------------------------

    def save_instance(self, instance, is_create, row, **kwargs):
        self.before_save_instance(instance, row, **kwargs)
        if is_create and self._meta.use_bulk:
            self.create_instances.append(instance)
        else:
            self.save_row(instance, None if is_create else instance._sheet_stored)
        self.after_save_instance(instance, row, **kwargs)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """A batch of new rows (``Meta.use_bulk``), through ``save_new_rows``; nothing
        more is written once a row was found bad (the file will be rolled back)."""
        try:
            if self.create_instances and not (result and (result.has_errors() or result.has_validation_errors())):
                self.save_new_rows(list(self.create_instances))
        except Exception as error:  # noqa: BLE001 -- the file's problem: the whole file is rolled back
            self.handle_import_error(result, error, raise_errors)
        finally:
            self.create_instances.clear()

    def save_new_rows(self, instances: list[Model]) -> None:
        """Save new rows already validated, each audited (``Meta.use_bulk``). A model
        with a service for many rows overrides this to call it."""
        for instance in instances:
            self.save_row(instance, None)

    def save_row(self, instance: Model, stored: Model | None) -> None:
        """Save one row and audit it (``<model>.added``/``.updated`` with what changed).
        A model with a service overrides this to call it."""
        changed = [f.name for f in instance._meta.concrete_fields if stored is None or _differs(stored, instance, f)]
        instance.save()
        audit_admin_edit(stored, instance, changed, self.by)

    def changes(self, instance: Model, stored: Model, editable: tuple[str, ...]) -> dict:
        """What the sheet changes of ``stored`` among ``editable`` (for an update service)."""
        return {
            name: getattr(instance, name)
            for name in editable
            if _differs(stored, instance, instance._meta.get_field(name))
        }

    # --- the template -----------------------------------------------------------------------

    def example(self) -> dict:
        """The template's example row (column name → value)."""
        return {}

    def example_zone_name(self) -> str:
        """A zone the importing user may import into, for an example row."""
        rows = self.rows_for(Zone) if self.rows_for is not None else Zone.objects.all()
        return rows.order_by("pk").values_list("name", flat=True).first() or _("示例经济开发区")

    def column_notes(self) -> list[tuple[str, bool, str]]:
        """(header, required, what to write) for each column, for the template."""
        required = set(self.required_columns())
        notes = []
        for field in self.get_import_fields():
            widget = field.widget
            if isinstance(widget, Choice):
                text = _("可选：%(labels)s") % {"labels": "、".join(widget.labels)}
            elif isinstance(widget, Lookup):
                text = _("填写已登记的%(model)s") % {"model": widget.model._meta.verbose_name}
            elif isinstance(widget, Number):
                text = _("只填数字，不带单位")
            elif isinstance(widget, Text) and widget.max_length:
                text = _("不超过%(limit)s个字") % {"limit": widget.max_length}
            else:
                text = ""
            if extra := self.notes.get(field.column_name):
                text = f"{extra}；{text}" if text else extra
            notes.append((field.column_name, field.column_name in required, text))
        return notes


def _differs(stored: Model, instance: Model, field) -> bool:
    return field.value_from_object(stored) != field.value_from_object(instance)


def _row_error_reason(error: Exception) -> str:
    """A row that failed (not one found invalid): the reason without the database's
    English, which no user can act on."""
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return _("该行无法保存（与已有数据冲突），请核对后重新导入")
