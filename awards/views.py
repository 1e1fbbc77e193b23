"""Public views. Every queryset starts from published() so drafts never leak."""

from django.views.generic import DetailView, ListView

from awards.models import AwardList, Case, Edition, Nominee


class HomeView(ListView):
    template_name = "awards/home.html"
    context_object_name = "editions"

    def get_queryset(self):
        return Edition.objects.published().with_results()


class EditionDetailView(DetailView):
    context_object_name = "edition"
    slug_field = slug_url_kwarg = "year"

    def get_queryset(self):
        return Edition.objects.published().with_results()


class AwardListDetailView(DetailView):
    context_object_name = "award_list"

    def get_queryset(self):
        return AwardList.objects.published().filter(edition__year=self.kwargs["year"])


class NomineeDetailView(DetailView):
    context_object_name = "nominee"

    def get_queryset(self):
        return Nominee.objects.with_published_awards()


class CaseDetailView(DetailView):
    context_object_name = "case"

    def get_queryset(self):
        return Case.objects.published()
