"""The site settings page: one form, Chinese and English side by side, superusers only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from solo.admin import SingletonModelAdmin

from awards.identity.models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(SingletonModelAdmin):
    fieldsets = (
        (
            _("名称"),
            {"fields": (("name", "name_en"), ("short_name", "short_name_en"))},
        ),
        (
            _("文字"),
            {
                "fields": (
                    ("tagline", "tagline_en"),
                    ("footer_text", "footer_text_en"),
                    ("contact", "contact_en"),
                    ("search_example", "search_example_en"),
                )
            },
        ),
        (_("图片"), {"fields": ("logo", "favicon")}),
    )

    # The identity is the whole site's: organizers with model permissions do not get it.
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser
