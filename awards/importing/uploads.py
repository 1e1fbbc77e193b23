"""Uploads refused by size before they are read or stored, and previews that expire by themselves.

Django reads a multipart body (spooling it to disk) the moment request.POST or request.FILES is
touched, and CsrfViewMiddleware touches it first; so `UploadLimitMiddleware`, listed before it,
judges an import upload from its Content-Length. The parsed file's own size is checked again
before it is stored. Every new upload purges previews older than PENDING_LIFETIME.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from import_export.forms import ImportForm

from awards.importing.models import PendingImport

# A multipart body holds the file plus boundaries, headers and a few small fields.
MULTIPART_SLACK = 64 * 1024


def size_limit() -> int:
    return int(settings.IMPORT_MAX_UPLOAD_BYTES)


def too_large(size: int) -> str:
    return _("文件太大(%(size)s),上限是 %(limit)s。请拆分后分批导入。") % {
        "size": filesizeformat(size),
        "limit": filesizeformat(size_limit()),
    }


def purge_stale():
    """Called on every new upload, so abandoned previews need no scheduled job."""
    PendingImport.objects.purge_expired()


class UploadLimitMiddleware:
    """Refuses an oversized POST to an import screen before anything reads its body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Public pages are GETs outside the admin: two string checks, nothing more.
        if request.method != "POST" or not request.path_info.startswith(f"/{settings.ADMIN_URL}"):
            return None
        match = request.resolver_match
        if match is None or not match.url_name:
            return None
        if "admin" not in match.namespaces or not match.url_name.endswith("_import"):
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None
        if length <= size_limit() + MULTIPART_SLACK:
            return None
        purge_stale()
        if not request.user.is_staff:
            return HttpResponse(too_large(length), status=413, content_type="text/plain")
        messages.error(request, too_large(length))
        return HttpResponseRedirect(request.path)


def check_file_size(upload):
    """For a form's clean_<file>(): the parsed file's own size, before it is stored."""
    if upload is not None and upload.size > size_limit():
        raise forms.ValidationError(too_large(upload.size))
    return upload


class SizeCheckedImportForm(ImportForm):
    """import-export's upload form, refusing an oversized file before it is stored."""

    def clean_import_file(self):
        return check_file_size(self.cleaned_data.get("import_file"))


def discard_rejected(response, request):
    """Deletes what import-export stored for an upload that cannot be confirmed.

    The library writes the file to its temporary storage before reading it, and keeps it
    when reading fails or rows have errors; only a preview with a confirm form needs it.
    """
    context = getattr(response, "context_data", None) or {}
    form = context.get("form")
    if request.method != "POST" or context.get("confirm_form") is not None or form is None:
        return
    # form.files, not cleaned_data: a field with an error is dropped from cleaned_data.
    name = getattr(form.files.get("import_file"), "tmp_storage_name", None)
    if name:
        PendingImport.objects.filter(pk=name).delete()
