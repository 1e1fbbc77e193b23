"""The public corrections log (更正记录) of an edition, as a page."""

from django.views.generic import DetailView

from awards.corrections import selectors
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
            corrections=list(selectors.public_log(self.object)), **kwargs
        )
