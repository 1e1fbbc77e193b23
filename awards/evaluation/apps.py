from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "awards.evaluation"
    label = "evaluation"
    verbose_name = _("数据评估")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from awards import caching
        from awards.evaluation import models

        # The public method section reads these rows: a change to them is a change to public
        # data, so the page cache is invalidated on commit exactly as for core writes.
        for model in (
            models.Evaluation,
            models.Candidate,
            models.Dimension,
            models.Indicator,
            models.Override,
        ):
            post_save.connect(caching.bump_on_commit, sender=model, dispatch_uid=f"bump-{model}")
            post_delete.connect(
                caching.bump_on_commit, sender=model, dispatch_uid=f"bump-del-{model}"
            )
        try:
            from awards.evaluation import public
        except ImportError:  # the public parts arrive in a later commit
            return
        public.register()
