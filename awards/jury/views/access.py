"""Who reaches which jury page: judges by the 评委 permission, organizers by manage_jury.

Judges are not staff: they log in at /jury/login/ and never reach the admin.
"""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy

from awards.jury import adapter

JUDGE_PERMISSION = "jury.score_candidates"
ORGANIZER_PERMISSION = "jury.manage_jury"


class JudgeRequired(LoginRequiredMixin, PermissionRequiredMixin):
    login_url = reverse_lazy("jury:login")
    permission_required = JUDGE_PERMISSION
    # A logged-in user without the permission gets 403, not another login form.
    raise_exception = False

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            self.raise_exception = True
        return super().handle_no_permission()


class OrganizerRequired(JudgeRequired):
    permission_required = ORGANIZER_PERMISSION

    def has_permission(self):
        return self.request.user.is_staff and super().has_permission()

    def get_evaluation(self):
        return get_object_or_404(
            adapter.Evaluation.objects.select_related("award_list__edition", "scoresheet"),
            pk=self.kwargs["evaluation"],
        )
