"""A judge's pages: their evaluations, their candidates, one candidate's score form.

Every fetch goes through Assignment.objects.of_user(user, evaluation): an id from another
judge or an unassigned candidate is a 404, whatever the URL or the POST says.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, F, FilteredRelation, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from awards.jury import adapter, services
from awards.jury.forms import RecuseForm
from awards.jury.models import Assignment, PanelMember
from awards.jury.views.access import JudgeRequired


class JudgeHome(JudgeRequired, TemplateView):
    template_name = "jury/judge_home.html"

    def get_context_data(self, **kwargs):
        members = (
            PanelMember.objects.filter(judge__user=self.request.user)
            .select_related("scoresheet__evaluation__award_list__edition")
            .annotate(
                todo=Count(
                    "assignments", filter=Q(assignments__recusal="", assignments__complete=False)
                ),
                done=Count(
                    "assignments", filter=Q(assignments__recusal="", assignments__complete=True)
                ),
            )
        )
        return super().get_context_data(members=members, **kwargs)


def _member(request, evaluation_id) -> PanelMember:
    return get_object_or_404(
        PanelMember.objects.select_related("scoresheet__evaluation__award_list__edition", "judge"),
        judge__user=request.user,
        scoresheet__evaluation_id=evaluation_id,
    )


class JudgeEvaluation(JudgeRequired, TemplateView):
    """The judge's candidates in one evaluation, with what is left, and the submit button."""

    template_name = "jury/judge_evaluation.html"

    def get_context_data(self, **kwargs):
        member = _member(self.request, self.kwargs["evaluation"])
        assignments = list(
            Assignment.objects.of_user(self.request.user, self.kwargs["evaluation"])
            .select_related("candidate__nominee", "candidate__case")
            .order_by("pk")
        )
        todo = sum(1 for a in assignments if not a.recusal and not a.complete)
        return super().get_context_data(
            member=member,
            assignments=assignments,
            todo=todo,
            locked=services.is_locked(member.scoresheet),
            **kwargs,
        )


class NextCandidate(JudgeRequired, View):
    """The judge's next unscored candidate after `?after=<assignment>`, wrapping round."""

    def get(self, request, evaluation):
        todo = Assignment.objects.of_user(request.user, evaluation).active().filter(complete=False)
        after = request.GET.get("after", "")
        first = None
        if after.isdigit():
            first = todo.filter(pk__gt=int(after)).order_by("pk").first()
        first = first or todo.order_by("pk").first()
        if first is None:
            return redirect("jury:evaluation", evaluation=evaluation)
        return redirect("jury:score", evaluation=evaluation, assignment=first.pk)


class ScoreCandidate(JudgeRequired, TemplateView):
    """One candidate: what the judge reads about it and the criteria to score (GET and POST)."""

    template_name = "jury/score.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.assignment = get_object_or_404(
            Assignment.objects.of_user(request.user, kwargs["evaluation"]).select_related(
                "member__scoresheet__evaluation__award_list__edition",
                "candidate__nominee",
                "candidate__case",
            ),
            pk=kwargs["assignment"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs = {k: v for k, v in kwargs.items() if k not in ("evaluation", "assignment")}
        assignment = self.assignment
        sheet = assignment.member.scoresheet
        # The criteria with this judge's own values in one query (a LEFT JOIN on this
        # assignment's scores only: no other judge's row can come along).
        criteria = list(
            sheet.criteria.annotate(
                mine=FilteredRelation("scores", condition=Q(scores__assignment=assignment)),
                my_value=F("mine__value"),
                my_comment=F("mine__comment"),
            )
        )
        for criterion in criteria:
            criterion.value = "" if criterion.my_value is None else criterion.my_value
            criterion.comment = criterion.my_comment or ""
            if self.request.method == "POST":  # a refused form shows what was typed
                criterion.value = self.request.POST.get(f"value-{criterion.pk}", "")
                criterion.comment = self.request.POST.get(f"comment-{criterion.pk}", "")
        candidate = assignment.candidate
        return super().get_context_data(
            assignment=assignment,
            member=assignment.member,
            sheet=sheet,
            criteria=criteria,
            about=adapter.candidate_display(candidate),
            data_index=adapter.data_index(candidate) if sheet.show_data_index else None,
            editable=not assignment.member.submitted_at
            and not assignment.recusal
            and not services.is_locked(sheet),
            recuse_form=RecuseForm(),
            **kwargs,
        )

    def _read(self):
        criteria = self.assignment.member.scoresheet.criteria.all()
        post = self.request.POST
        values = {c.pk: post.get(f"value-{c.pk}", "") for c in criteria}
        comments = {c.pk: post.get(f"comment-{c.pk}", "") for c in criteria}
        return values, comments

    def post(self, request, *args, **kwargs):
        values, comments = self._read()
        try:
            services.save_scores(assignment=self.assignment, values=values, comments=comments)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.render_to_response(self.get_context_data(**kwargs), status=400)
        messages.success(request, _("已保存。"))
        if "next" in request.POST:
            return redirect(f"{_url('jury:next', self.assignment)}?after={self.assignment.pk}")
        return redirect(self.assignment.get_absolute_url())


def _url(name, assignment):
    from django.urls import reverse

    return reverse(name, kwargs={"evaluation": assignment.member.scoresheet.evaluation_id})


class SaveDraft(ScoreCandidate):
    """The autosave endpoint of static/jury/autosave.js: same checks, a JSON answer."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        values, comments = self._read()
        try:
            complete = services.save_scores(
                assignment=self.assignment, values=values, comments=comments
            )
        except ValidationError as error:
            return JsonResponse({"ok": False, "error": " ".join(error.messages)}, status=400)
        return JsonResponse({"ok": True, "complete": complete})


class Recuse(ScoreCandidate):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = RecuseForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("请填写回避原因。"))
            services.recuse(assignment=self.assignment, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.assignment.get_absolute_url())
        messages.success(request, _("已回避,这个候选不计入您的评分。"))
        return redirect("jury:evaluation", evaluation=kwargs["evaluation"])


class Submit(JudgeRequired, View):
    def post(self, request, evaluation):
        member = _member(request, evaluation)
        try:
            services.submit(member=member)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已提交,谢谢!如需修改请联系组织者。"))
        return redirect("jury:evaluation", evaluation=evaluation)
