"""A test-only admin site for the spreadsheet screens, independent of awards/admin.py."""

from django.contrib import admin
from django.urls import include, path
from import_export.admin import ImportExportModelAdmin

from awards.importing.admin import EditionWorkbookAdminMixin, SpreadsheetAdminMixin
from awards.models import Award, Edition, Nominee
from awards.resources import AwardResource, EditionResource, NomineeResource

site = admin.AdminSite(name="admin")


class EditionAdmin(EditionWorkbookAdminMixin, ImportExportModelAdmin):
    resource_classes = [EditionResource]


class NomineeAdmin(SpreadsheetAdminMixin, ImportExportModelAdmin):
    resource_classes = [NomineeResource]
    search_fields = ("name",)


class AwardAdmin(SpreadsheetAdminMixin, ImportExportModelAdmin):
    resource_classes = [AwardResource]


site.register(Edition, EditionAdmin)
site.register(Nominee, NomineeAdmin)
site.register(Award, AwardAdmin)

urlpatterns = [
    path("admin/", site.urls),
    path("", include("awards.urls")),
]
