from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JuryConfig(AppConfig):
    name = "awards.jury"
    label = "jury"
    verbose_name = _("评委评审")

    def ready(self):
        from awards import extensions
        from awards.jury import public

        # The list's 评选方法 section and its JSON/API record gain the jury's method.
        extensions.register("list_page", "jury", public.list_page)
        extensions.register("list_records", "jury", public.list_records)
