from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JuryConfig(AppConfig):
    name = "awards.jury"
    label = "jury"
    verbose_name = _("评委评审")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from awards import caching, extensions
        from awards.jury import models, public

        # The public method reads these rows (criteria, panel, options): a change to them is a
        # change to public data. Scores and assignments are not shown; a recompute bumps through
        # the evaluation's service.
        for model in (models.Scoresheet, models.Criterion, models.Judge, models.PanelMember):
            post_save.connect(caching.bump_on_commit, sender=model, dispatch_uid=f"bump-{model}")
            post_delete.connect(
                caching.bump_on_commit, sender=model, dispatch_uid=f"bump-del-{model}"
            )

        # The list's 评选方法 section and its JSON/API record gain the jury's method.
        extensions.register("list_page", "jury", public.list_page)
        extensions.register("list_records", "jury", public.list_records)
