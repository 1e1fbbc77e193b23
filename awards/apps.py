from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("评选榜单")

    def ready(self):
        from awards import caching
        from awards.models import Award, AwardList, Case, Edition, Nominee, SiteSettings

        # Cache invalidation is the one side effect kept in signals: every writer
        # (admin, import, services, revert from history) must trigger it.
        # The site's identity is on every page: a change to it is a change to public data.
        for model in (Edition, AwardList, Nominee, Case, Award, SiteSettings):
            post_save.connect(caching.bump_on_commit, sender=model, dispatch_uid=f"bump-{model}")
            post_delete.connect(
                caching.bump_on_commit, sender=model, dispatch_uid=f"bump-del-{model}"
            )
