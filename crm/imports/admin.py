"""The admin's import page for sheets: the formats ``crm.imports.formats`` reads, the
importing user and their scope handed to the resource, the template to download, and
every problem shown as row, column and reason."""

import os

from django import forms
from django.contrib import messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from import_export.admin import ImportMixin
from import_export.forms import ConfirmImportForm

from crm.imports.formats import SHEET_FORMATS, SheetError
from crm.imports.kinds import sheet_kinds
from crm.imports.resources import MAX_ROWS
from crm.imports.services import sheet_import_queue
from crm.imports.template import template_bytes
from crm.spreadsheets import XLSX_TYPE

# A file of up to this many rows is previewed row by row (each row compared with what
# is stored) and imported while the user waits; a larger one (up to ``MAX_ROWS``) is
# imported in the background (``crm.imports.services``), its progress and outcome on a
# page of its own: the preview of 10,000 rows would be a page nobody reads, and the
# request would outlast a proxy's timeout on a busy server.
ADMIN_MAX_ROWS = 1_000
# How long a previewed file may wait for its confirmation.
CONFIRM_MAX_AGE_SECONDS = 24 * 3600


class SheetConfirmImportForm(ConfirmImportForm):
    """The preview's confirmation. The stored file's name comes back signed for the user
    who uploaded it (``SheetImportMixin.get_confirm_form_initial``): a name the server
    did not hand this user (another file of the temporary folder, a path, 10,000
    characters) is refused, as is a format the page did not offer."""

    def __init__(self, *args, salt: str = "", formats: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.salt, self.formats = salt, formats

    def clean_import_file_name(self):
        try:
            name = signing.loads(self.cleaned_data["import_file_name"], salt=self.salt, max_age=CONFIRM_MAX_AGE_SECONDS)
        except signing.BadSignature:
            raise forms.ValidationError(_("导入确认已失效，请重新上传文件"), code="bad_confirmation") from None
        return os.path.basename(str(name))

    def clean_format(self):
        value = self.cleaned_data["format"]
        if not (value.isdigit() and int(value) < self.formats):
            raise forms.ValidationError(_("请重新上传文件并选择文件格式"), code="bad_format")
        return value


class SheetImportMixin(ImportMixin):
    """Put before the model admin (and after ``ScopedAdminMixin``, which guards the
    extra pages); set ``resource_classes`` to one ``SheetResource``."""

    confirm_form_class = SheetConfirmImportForm

    import_formats = SHEET_FORMATS
    import_template_name = "admin/imports/import.html"

    def get_urls(self):
        info = self.get_model_info()
        return [
            path(
                "import-template/",
                self.admin_site.admin_view(self.import_template_view),
                name="{}_{}_import_template".format(*info),
            ),
            *super().get_urls(),
        ]

    def import_action(self, request, **kwargs):
        """A file above ``ADMIN_MAX_ROWS`` rows is stored and imported in the background;
        the user is taken to its progress page. Smaller ones are previewed as before."""
        if request.FILES and self.has_import_permission(request):  # an upload (a GET has none)
            form = self.create_import_form(request)
            if form.is_valid():
                upload = form.cleaned_data["import_file"]
                try:
                    rows = len(
                        self.get_import_formats()[int(form.cleaned_data["format"])]().create_dataset(upload.read())
                    )
                except (SheetError, ValueError, IndexError):
                    rows = 0  # the preview says what is wrong with it
                upload.seek(0)
                if rows > ADMIN_MAX_ROWS:
                    return self._import_in_background(request, form, upload, rows) or super().import_action(
                        request, **kwargs
                    )
        return super().import_action(request, **kwargs)

    def _import_in_background(self, request, form, upload, rows: int):
        resource_class = self.get_import_resource_classes(request)[0]
        kind = next(name for name, sheet in sheet_kinds().items() if sheet is resource_class)
        try:
            record = sheet_import_queue(
                kind=kind,
                kind_label=str(self.model._meta.verbose_name_plural),
                upload=upload,
                rows_total=rows,
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return None
        messages.info(
            request,
            _("文件共%(rows)s行，已转入后台导入，完成后会通知您。") % {"rows": f"{rows:,}"},
        )
        return HttpResponseRedirect(reverse("admin:crm_sheetimport_change", args=[record.pk]))

    def get_import_resource_kwargs(self, request, **kwargs):
        return {
            "by": request.user,
            "rows_for": lambda model: self._rows_for(request, model),
            "may_change": lambda obj: self.has_change_permission(request, obj),
            "max_rows": ADMIN_MAX_ROWS,
        }

    def _rows_for(self, request, model):
        """The rows of ``model`` the user sees in its admin (every row if it has none)."""
        model_admin = self if model is self.model else self.admin_site._registry.get(model)
        if model_admin is None:
            return model._default_manager.all()
        return model_admin.get_queryset(request)

    def import_template_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource = self.get_import_resource_classes(request)[0](**self.get_import_resource_kwargs(request))
        title = str(self.model._meta.verbose_name_plural)
        response = HttpResponse(template_bytes(resource, title), content_type=XLSX_TYPE)
        response["Content-Disposition"] = content_disposition_header(
            True, _("%(title)s导入模板.xlsx") % {"title": title.replace("/", "、")}
        )
        return response

    # --- the confirmation: a name this user was given, a file not yet imported ----------

    def _confirm_salt(self, request) -> str:
        return "crm.imports.confirm:{}.{}:{}".format(*self.get_model_info(), request.user.pk)

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if initial:
            initial["import_file_name"] = signing.dumps(initial["import_file_name"], salt=self._confirm_salt(request))
        return initial

    def get_confirm_form_kwargs(self, request, import_form=None):
        return super().get_confirm_form_kwargs(request, import_form) | {
            "salt": self._confirm_salt(request),
            "formats": len(self.get_import_formats()),
        }

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """A confirmation that cannot be honoured (sent twice, expired, altered) says
        so and offers the import page again; nothing is imported."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        again = HttpResponseRedirect(reverse("admin:{}_{}_import".format(*self.get_model_info())))
        form = self.create_confirm_form(request)
        if not form.is_valid():  # (an empty confirmation is not even bound: no errors to name)
            reasons = [message for messages_ in form.errors.values() for message in messages_]
            messages.error(request, reasons[0] if reasons else _("导入确认已失效，请重新上传文件"))
            return again
        try:
            return super().process_import(request, **kwargs)
        except FileNotFoundError:  # the first of two confirmations took the file
            messages.error(request, _("该文件已经导入或已失效（确认只能提交一次），请查看列表，或重新上传文件"))
            return again

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        resource = self.get_import_resource_classes(None)[0]()
        context["column_notes"] = resource.column_notes()
        context["preview_rows"], context["max_rows"] = ADMIN_MAX_ROWS, MAX_ROWS
        return context

    def process_result(self, result, request):
        """The confirmed import found what the preview did not (the database changed in
        between): nothing was written; say so with the problems, and offer the page again."""
        if result.sheet_problems:
            shown = "；".join(str(problem) for problem in result.sheet_problems[:5])
            messages.error(
                request,
                _("未导入任何数据：文件有%(count)s处问题（%(problems)s），请改正后重新上传。")
                % {"count": len(result.sheet_problems), "problems": shown},
            )
            return HttpResponseRedirect(reverse("admin:{}_{}_import".format(*self.get_model_info())))
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(
            request,
            _("导入完成：新增%(new)s条，更新%(update)s条，无变化%(skip)s条。")
            % {"new": intcomma(totals["new"]), "update": intcomma(totals["update"]), "skip": intcomma(totals["skip"])},
        )

    def add_data_read_fail_error_to_form(self, form, e):
        form.add_error(
            "import_file", str(e) if isinstance(e, SheetError) else _("无法读取该文件，请确认文件格式与所选格式一致")
        )
