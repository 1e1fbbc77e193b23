from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    # Explicit: this module also holds the admin's config below.
    default = True
    name = "awards"
    verbose_name = _("评选榜单")

    def ready(self):
        from awards import caching
        from awards.identity.models import SiteSettings
        from awards.models import Award, AwardList, Case, Edition, Nominee
        from awards.sharing import fonts  # noqa: F401  (registers the CJK font check, W001)

        # Cache invalidation is the one side effect kept in signals: every writer
        # (admin, import, services, revert from history) must trigger it.
        # The site's identity is on every page: a change to it is a change to public data.
        for model in (Edition, AwardList, Nominee, Case, Award, SiteSettings):
            post_save.connect(caching.bump_on_commit, sender=model, dispatch_uid=f"bump-{model}")
            post_delete.connect(
                caching.bump_on_commit, sender=model, dispatch_uid=f"bump-del-{model}"
            )


class SummitAdminConfig(admin_apps.AdminConfig):
    """Installed instead of django.contrib.admin: admin.site becomes our SummitAdminSite
    (sections in workflow order, a home page that starts organizers off)."""

    default = False
    default_site = "awards.admin_site.SummitAdminSite"
