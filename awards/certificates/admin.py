"""Admin: the per-edition certificate design with a preview, and certificate downloads from the
award page (one) and the edition's certificates page (a list or the edition, PDF or zip)."""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from awards import codes
from awards.certificates import rendering, wording
from awards.certificates.models import CertificateDesign
from awards.ids import object_page_urls, require_pk
from awards.models import Award, Edition


def base_url(request) -> str:
    return settings.PUBLIC_BASE_URL or f"{request.scheme}://{request.get_host()}"


def _language(request) -> str:
    return "en" if request.GET.get("lang") == "en" else "zh-hans"


def _file_response(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


def _unavailable(request, admin_site, error, back_url, status=503):
    """The reason nothing was made (a missing font, a batch too large), instead of a bad PDF."""
    context = {
        **admin_site.each_context(request),
        "title": gettext("无法生成证书"),
        "message": str(error),
        "back_url": back_url,
    }
    return TemplateResponse(
        request, "admin/awards/certificates/unavailable.html", context, status=status
    )


@admin.register(CertificateDesign)
class CertificateDesignAdmin(admin.ModelAdmin):
    list_display = ("edition", "title", "issued_on", "updated_at")
    list_select_related = ("edition",)
    # Django's own list: the awards app's change_list.html links to a recycle bin and the
    # single-table import and export, which this admin does not have.
    change_list_template = "admin/change_list.html"
    change_form_template = "admin/awards/certificates/design_change_form.html"
    fieldsets = (
        (None, {"fields": ("edition", "issued_on", "seal")}),
        (_("中文"), {"fields": ("title", "wording", "case_wording")}),
        (_("English"), {"fields": ("title_en", "wording_en", "case_wording_en")}),
    )

    def get_readonly_fields(self, request, obj=None):
        return ("edition",) if obj else ()

    def get_model_perms(self, request):
        # Not on the admin home: a design belongs to its edition and is reached from the
        # edition's 证书 page, which is also where saving leads back to.
        return {}

    def response_post_save_add(self, request, obj):
        return HttpResponseRedirect(
            reverse("admin:awards_edition_certificates", args=(obj.edition_id,))
        )

    response_post_save_change = response_post_save_add

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["placeholders"] = wording.PLACEHOLDERS.items()
        context["previews"] = self._previews(request, obj) if obj else []
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _previews(self, request, design):
        """The saved wording filled in for the edition's first award of each list kind."""
        previews = []
        for kind in ("nominees", "cases"):
            award = (
                rendering.awards_for(edition=design.edition).filter(award_list__kind=kind).first()
            )
            if award is None:
                continue
            for language in rendering.LANGUAGES:
                (certificate,) = rendering.build(
                    [award], base_url=base_url(request), language=language
                )
                previews.append(
                    {
                        "certificate": certificate,
                        "pdf": reverse("admin:awards_award_certificate", args=(award.pk,))
                        + ("?lang=en" if language == "en" else ""),
                    }
                )
        return previews


class AwardCertificateAdminMixin:
    """On the award's admin page: its code, and its certificate as PDF (Chinese or English)."""

    def get_urls(self):
        return object_page_urls(self, certificate=self.certificate_view) + super().get_urls()

    @admin.display(description=_("证书"))
    def certificate(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        url = reverse("admin:awards_award_certificate", args=(obj.pk,))
        return format_html(
            '{} <code>{}</code> · <a href="{}">{}</a> · <a href="{}?lang=en">{}</a>',
            gettext("验证码"),
            codes.grouped(obj.verification_code),
            url,
            gettext("下载证书(PDF)"),
            url,
            gettext("英文版"),
        )

    def certificate_view(self, request, object_id):
        require_pk(Award, object_id)
        award = get_object_or_404(
            Award.objects.select_related("award_list__edition", "nominee", "case", "case__nominee"),
            pk=unquote(object_id),
        )
        if not self.has_view_permission(request, award):
            raise PermissionDenied
        back = reverse("admin:awards_award_change", args=(award.pk,))
        if award.is_withdrawn:
            return _unavailable(
                request, self.admin_site, gettext("这个奖项已撤销,不再生成证书。"), back, 409
            )
        try:
            certificates = rendering.build(
                [award], base_url=base_url(request), language=_language(request)
            )
            data = rendering.pdf(certificates)
        except rendering.CertificateUnavailable as error:
            return _unavailable(request, self.admin_site, error, back)
        name = rendering.safe_name(f"{award.award_list.name}-{award.nominee.name}", set())
        return _file_response(data, name, "application/pdf")


class EditionCertificatesAdminMixin:
    """The edition's certificates page: each list and the whole edition, as PDF or zip."""

    def get_urls(self):
        return object_page_urls(self, certificates=self.certificates_view) + super().get_urls()

    def certificates_view(self, request, object_id):
        require_pk(Edition, object_id)
        edition = get_object_or_404(Edition, pk=unquote(object_id))
        if not (
            self.has_view_permission(request, edition)
            and request.user.has_perm("awards.view_award")
        ):
            raise PermissionDenied
        if "format" in request.GET:
            return self._download(request, edition)
        lists = edition.award_lists.with_counts().order_by("position", "pk")
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("%(edition)s · 证书") % {"edition": edition.name},
            "opts": self.model._meta,
            "original": edition,
            "lists": lists,
            "total": sum(award_list.recorded_count for award_list in lists),
            "limit": settings.CERTIFICATE_WEB_LIMIT,
            "design": CertificateDesign.objects.filter(edition=edition).first(),
        }
        return TemplateResponse(request, "admin/awards/certificates/edition.html", context)

    def _download(self, request, edition):
        back = reverse("admin:awards_edition_certificates", args=(edition.pk,))
        award_list = None
        if request.GET.get("list"):
            award_list = edition.award_lists.filter(slug=request.GET["list"]).first()
            if award_list is None:
                raise Http404
        fmt = request.GET["format"]
        if fmt not in ("pdf", "zip"):
            raise Http404
        awards = list(rendering.awards_for(edition=edition, award_list=award_list))
        command = (
            f"python manage.py export_certificates {edition.year}"
            + (f" --list {award_list.slug}" if award_list else "")
            + " -o DIR"
        )
        if len(awards) > settings.CERTIFICATE_WEB_LIMIT:
            message = gettext(
                "这一批有 %(count)s 张证书,超过网页一次能生成的 %(limit)s 张(再多会超过服务器的"
                "请求时限)。请在服务器上运行:%(command)s"
            ) % {"count": len(awards), "limit": settings.CERTIFICATE_WEB_LIMIT, "command": command}
            return _unavailable(request, self.admin_site, message, back, 413)
        if not awards:
            return _unavailable(
                request, self.admin_site, gettext("这里没有有效的奖项。"), back, 404
            )
        label = f"{edition.year}-{award_list.name if award_list else edition.name}"
        try:
            certificates = rendering.build(
                awards, base_url=base_url(request), language=_language(request)
            )
            if fmt == "zip":
                data = rendering.zip_bytes(certificates, folders=award_list is None)
                return _file_response(
                    data, rendering.safe_name(label, set(), suffix=".zip"), "application/zip"
                )
            data = rendering.pdf(certificates)
        except rendering.CertificateUnavailable as error:
            return _unavailable(request, self.admin_site, error, back)
        return _file_response(data, rendering.safe_name(label, set()), "application/pdf")
