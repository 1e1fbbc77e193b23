"""Admin screens for whole-edition workbooks: import (upload → preview → confirm), export, template.

EditionWorkbookAdminMixin goes first in EditionAdmin's bases so that its
change-list template (which adds the buttons) wins over import-export's.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.importing import services, uploads, workbook
from awards.importing.errors import SpreadsheetError
from awards.importing.formats import FORMATS
from awards.importing.models import PendingImport
from awards.models import Edition
from awards.reasons import reason_field

MODELS = ("edition", "awardlist", "nominee", "case", "award")
EXPORT_FORMATS = {
    "xlsx": (workbook.export_workbook, workbook.XLSX_CONTENT_TYPE),
    "csv": (workbook.export_csv, "text/csv; charset=utf-8"),
    "json": (workbook.export_json, "application/json; charset=utf-8"),
}


def can_import(user) -> bool:
    # A workbook writes all five models, so it needs the import permission on each.
    return all(user.has_perm(f"awards.import_{model}") for model in MODELS)


def can_export(user) -> bool:
    return all(user.has_perm(f"awards.view_{model}") for model in MODELS)


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        # An empty file gets the reader's own message, the same as on the command line.
        allow_empty_file=True,
        label=gettext_lazy("工作簿或 CSV 文件"),
        help_text=gettext_lazy(
            "支持 Excel、WPS 和 LibreOffice 的 .xlsx、.xls、.ods 工作簿,"
            "以及 .csv(UTF-8 或 GBK 编码)。"
        ),
    )

    def clean_file(self):
        # Refused from the declared size, before a byte of it is parsed or stored.
        return uploads.check_file_size(self.cleaned_data["file"])


class ConfirmForm(forms.Form):
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)
    change_reason = reason_field(
        help_text=_("本届已发布时必填:导入的修改会列入公开的更正记录,原因也会公开。")
    )

    confirm_removals = forms.BooleanField(
        label=gettext_lazy("我确认:上面警告中的内容将从公开网站上撤下"),
        required=False,
    )

    def __init__(self, *args, needs_reason=False, removals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change_reason"].required = needs_reason
        if not removals:
            # Shown (and asked for) only when the import takes something off the site.
            del self.fields["confirm_removals"]


def _plan_or_error(pending: PendingImport):
    try:
        plan = services.plan_import(bytes(pending.content), pending.filename, remember=True)
        return plan, None
    except SpreadsheetError as exc:
        return None, exc


class SpreadsheetAdminMixin:
    """For any ImportExportModelAdmin: say in Chinese why a file cannot be read.

    import-export itself only names the exception class ("'ValueError' encountered…").
    """

    import_error_display = ("message",)
    import_form_class = uploads.SizeCheckedImportForm
    # GBK-tolerant CSV with a BOM on export, guarded XLSX; both neutralise formulas on export.
    # Declared here rather than as IMPORT_EXPORT_FORMATS: settings must not import app code.
    formats = FORMATS

    def import_action(self, request, **kwargs):
        if request.method == "POST":
            uploads.purge_stale()
        response = super().import_action(request, **kwargs)
        uploads.discard_rejected(response, request)
        return response

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SpreadsheetError):
            for issue in e.issues:
                form.add_error("import_file", str(issue))
            return
        super().add_data_read_fail_error_to_form(form, e)


class EditionWorkbookAdminMixin(SpreadsheetAdminMixin):
    """Mixed into EditionAdmin; adds the workbook screens and their buttons."""

    change_list_template = "admin/import_export/edition_change_list.html"
    change_form_template = "admin/import_export/edition_change_form.html"
    workbook_import_template = "importing/workbook_import.html"
    workbook_export_template = "importing/workbook_export.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        routes = (
            ("workbook/import/", self.workbook_import_view, "awards_workbook_import"),
            (
                "workbook/import/<uuid:pending_id>/",
                self.workbook_preview_view,
                "awards_workbook_preview",
            ),
            ("workbook/export/", self.workbook_export_view, "awards_workbook_export"),
            ("workbook/template/", self.workbook_template_view, "awards_workbook_template"),
        )
        urls = [path(route, view(handler), name=name) for route, handler, name in routes]
        return urls + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import_workbook": can_import(request.user),
            "can_export_workbook": can_export(request.user),
        }
        return super().changelist_view(request, extra_context=extra_context)

    def _context(self, request, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": Edition._meta,
            "title": title,
            **extra,
        }

    def workbook_import_view(self, request):
        if not can_import(request.user):
            raise PermissionDenied
        if request.method == "POST":
            uploads.purge_stale()
        form = WorkbookUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            pending = PendingImport.objects.create(
                kind=PendingImport.Kind.WORKBOOK,
                user=request.user,
                filename=upload.name[:255],
                content=upload.read(),
            )
            return HttpResponseRedirect(
                reverse(f"{self.admin_site.name}:awards_workbook_preview", args=[pending.pk])
            )
        context = self._context(request, _("导入整届工作簿"), form=form, upload_form=form)
        return TemplateResponse(request, self.workbook_import_template, context)

    def workbook_preview_view(self, request, pending_id):
        if not can_import(request.user):
            raise PermissionDenied
        pending = (
            PendingImport.objects.live()
            .filter(pk=pending_id, kind=PendingImport.Kind.WORKBOOK, user=request.user)
            .first()
        )
        if pending is None:
            messages.error(request, _("这次导入已过期或已完成,请重新上传文件。"))
            return HttpResponseRedirect(reverse(f"{self.admin_site.name}:awards_workbook_import"))
        if request.method == "POST":
            return self._confirm(request, pending)
        plan, error = _plan_or_error(pending)
        if error is not None or not plan.ok:
            pending.delete()  # nothing to confirm; the file is not kept
        context = self._context(
            request,
            _("导入预览:%(name)s") % {"name": pending.filename},
            pending=pending,
            plan=plan,
            error=error,
            confirm_form=ConfirmForm(
                initial={"fingerprint": plan.fingerprint},
                needs_reason=services.changes_public_edition(plan),
                removals=plan.removals,
            )
            if plan
            else None,
            upload_form=WorkbookUploadForm(),
        )
        return TemplateResponse(request, self.workbook_import_template, context)

    def _confirm(self, request, pending: PendingImport):
        # The confirmation box is read whenever it was sent; apply_import decides if it is needed.
        form = ConfirmForm(request.POST, removals=True)
        changelist = reverse(f"{self.admin_site.name}:awards_edition_changelist")
        if not form.is_valid():
            raise PermissionDenied
        try:
            plan = services.apply_import(
                bytes(pending.content),
                pending.filename,
                user=request.user,
                expected_fingerprint=form.cleaned_data["fingerprint"],
                reason=form.cleaned_data["change_reason"],
                require_reason=True,
                confirm_removals=form.cleaned_data.get("confirm_removals", False),
            )
        except (services.ReasonRequired, services.RemovalsUnconfirmed) as exc:
            # Nothing written; the preview again, with the reason or the confirmation asked for.
            form = ConfirmForm(request.POST, removals=exc.plan.removals)
            form.is_valid()  # only the message below is added to what the organizer sent
            form.fields["change_reason"].required = services.changes_public_edition(exc.plan)
            field = "change_reason"
            if isinstance(exc, services.RemovalsUnconfirmed):
                field = "confirm_removals"
            form.add_error(field, str(exc))
            context = self._context(
                request,
                _("导入预览:%(name)s") % {"name": pending.filename},
                pending=pending,
                plan=exc.plan,
                error=None,
                confirm_form=form,
                upload_form=WorkbookUploadForm(),
            )
            return TemplateResponse(request, self.workbook_import_template, context)
        except services.PlanChanged as exc:
            pending.delete()
            messages.error(request, str(exc))
            return HttpResponseRedirect(reverse(f"{self.admin_site.name}:awards_workbook_import"))
        except SpreadsheetError as exc:
            pending.delete()
            messages.error(request, str(exc))
            return HttpResponseRedirect(reverse(f"{self.admin_site.name}:awards_workbook_import"))
        pending.delete()
        if not plan.ok:
            for line in plan.issue_lines()[:20]:
                messages.error(request, line)
            return HttpResponseRedirect(reverse(f"{self.admin_site.name}:awards_workbook_import"))
        level = messages.SUCCESS if plan.has_changes else messages.INFO
        messages.add_message(
            request, level, _("导入完成:%(summary)s") % {"summary": plan.summary()}
        )
        return HttpResponseRedirect(changelist)

    def workbook_export_view(self, request):
        if not can_export(request.user):
            raise PermissionDenied
        year = request.GET.get("year")
        if year:
            kind = request.GET.get("format", "xlsx")
            if kind not in EXPORT_FORMATS or not year.isdigit():
                raise Http404
            edition = get_object_or_404(Edition, year=int(year))
            export, content_type = EXPORT_FORMATS[kind]
            return download(export(edition), f"summit-awards-{edition.year}.{kind}", content_type)
        context = self._context(
            request,
            _("导出整届工作簿"),
            editions=Edition.objects.order_by("-year").only("year", "name", "published_at"),
            formats=list(EXPORT_FORMATS),
        )
        return TemplateResponse(request, self.workbook_export_template, context)

    def workbook_template_view(self, request):
        if not request.user.has_perm("awards.view_edition"):
            raise PermissionDenied
        return download(
            workbook.template_workbook(), "summit-awards-template.xlsx", workbook.XLSX_CONTENT_TYPE
        )
