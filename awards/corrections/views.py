"""The public corrections log (更正记录) of an edition, as a page and as JSON."""

from django.utils import translation
from django.views.generic import DetailView

from awards.corrections import services
from awards.models import Edition


class CorrectionLogView(DetailView):
    """/<year>/corrections/: every change made after publication, newest first."""

    template_name = "awards/corrections/log.html"
    context_object_name = "edition"
    slug_field = slug_url_kwarg = "year"

    def get_queryset(self):
        # Published only, staff included: a draft has no public record to correct.
        return Edition.objects.published()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            corrections=list(services.public_log(self.object)), **kwargs
        )


def edition_extra(edition, request) -> dict:
    """Keys the edition's API record and JSON download carry about its corrections.

    Labels are Chinese whatever the visitor's language, like the rest of the open data
    (`kind` is the stable key)."""
    with translation.override("zh-hans"):
        return _extra(edition, request)


def _extra(edition, request) -> dict:
    return {
        "corrections_url": request.build_absolute_uri(f"{edition.get_absolute_url()}corrections/"),
        "corrections": [services.as_record(c, request) for c in services.public_log(edition)],
    }
