"""The organizer's jury screens: scoresheet, assignment, progress (with reopen), result.

Staff with jury.manage_jury only. Each screen reads in a fixed number of queries.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from awards.jury import adapter, selectors, services
from awards.jury.forms import AssignForm, CriterionFormSet, ResultForm, ScoresheetForm
from awards.jury.models import Assignment, JuryResult, PanelMember
from awards.jury.views.access import OrganizerRequired


class OrganizerPage(OrganizerRequired, TemplateView):
    def setup_sheet(self):
        self.evaluation = self.get_evaluation()
        self.sheet = services.scoresheet_for(self.evaluation)
        self.sheet.evaluation = self.evaluation

    def get(self, request, *args, **kwargs):
        self.setup_sheet()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.setup_sheet()
        return self.handle(request)

    def get_context_data(self, **kwargs):
        kwargs.pop("evaluation", None)  # the URL's id; the object is put in its place
        return super().get_context_data(
            evaluation=self.evaluation,
            sheet=self.sheet,
            locked=services.is_locked(self.sheet),
            **kwargs,
        )

    def back(self, name):
        return redirect(name, evaluation=self.evaluation.pk)


class ScoresheetSetup(OrganizerPage):
    template_name = "jury/manage_sheet.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ScoresheetForm(instance=self.sheet))
        kwargs.setdefault("criteria", CriterionFormSet(instance=self.sheet))
        return super().get_context_data(**kwargs)

    def handle(self, request):
        form = ScoresheetForm(request.POST, instance=self.sheet)
        criteria = CriterionFormSet(request.POST, instance=self.sheet)
        if services.is_locked(self.sheet):
            messages.error(request, _("这一届已发布,评分表已锁定。"))
        elif form.is_valid() and criteria.is_valid():
            with transaction.atomic():
                form.save()
                criteria.save()
            messages.success(request, _("评分表已保存。"))
            return self.back("jury:manage")
        return self.render_to_response(
            self.get_context_data(form=form, criteria=criteria), status=400
        )


class AssignJudges(OrganizerPage):
    template_name = "jury/manage_assign.html"

    def get_context_data(self, **kwargs):
        members = PanelMember.objects.filter(scoresheet=self.sheet).values_list(
            "judge_id", flat=True
        )
        kwargs.setdefault("form", AssignForm(initial={"judges": list(members)}))
        return super().get_context_data(candidates=self.evaluation.candidates.count(), **kwargs)

    def handle(self, request):
        form = AssignForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        judges = list(form.cleaned_data["judges"].prefetch_related("affiliated_nominees"))
        per = form.cleaned_data["per_candidate"] if form.cleaned_data["mode"] == "k" else None
        try:
            counts = services.assign(
                sheet=self.sheet,
                judges=judges,
                candidates=self.evaluation.candidates.select_related("nominee"),
                per_candidate=per,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            request,
            _("已分配 %(assigned)s 份评审;%(conflicts)s 份因申报关联未分配。") % counts,
        )
        return self.back("jury:progress")


class Progress(OrganizerPage):
    template_name = "jury/manage_progress.html"

    def get_context_data(self, **kwargs):
        members, candidates = selectors.progress(self.sheet)
        url = self.request.build_absolute_uri(reverse("jury:home"))
        return super().get_context_data(
            members=members,
            candidates=candidates,
            reminder=selectors.reminder_text(self.sheet, members, url),
            **kwargs,
        )


class Reopen(OrganizerRequired, View):
    def post(self, request, evaluation, member):
        member = get_object_or_404(
            PanelMember.objects.select_related("scoresheet__evaluation__award_list__edition"),
            pk=member,
            scoresheet__evaluation_id=evaluation,
        )
        try:
            services.reopen(member=member, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已重新开放 %(name)s 的评分。") % {"name": member.judge})
        return redirect("jury:progress", evaluation=evaluation)


class Result(OrganizerPage):
    template_name = "jury/manage_result.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault(
            "form",
            ResultForm(
                initial={
                    "normalised": self.sheet.normalised,
                    "trimmed": self.sheet.trimmed,
                    "jury_weight": self.evaluation.jury_weight,
                }
            ),
        )
        results = (
            JuryResult.objects.filter(candidate__evaluation=self.evaluation)
            .select_related("candidate__nominee", "candidate__case")
            .order_by("candidate__rank", "-score", "pk")
        )
        return super().get_context_data(
            results=results, ranking_url=adapter.ranking_url(self.evaluation), **kwargs
        )

    def handle(self, request):
        form = ResultForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    if services.is_locked(self.sheet) and not data["reason"].strip():
                        raise ValidationError(_("这一届已发布,修改须填写原因。"))
                    adapter.set_jury_weight(self.evaluation, data["jury_weight"])
                    count = services.recompute(
                        sheet=self.sheet,
                        by=request.user,
                        normalised=data["normalised"],
                        trimmed=data["trimmed"],
                        reason=data["reason"],
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("已计算 %(n)s 个候选的评审分并更新综合排名。") % {"n": count}
                )
                return self.back("jury:result")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class CandidateSheets(OrganizerPage):
    """Every judge's sheet for one candidate (organizer only), each with its amend form."""

    template_name = "jury/manage_candidate.html"

    def get_context_data(self, **kwargs):
        candidate = get_object_or_404(
            self.evaluation.candidates.select_related("nominee", "case"),
            pk=self.kwargs["candidate"],
        )
        criteria = list(self.sheet.criteria.all())
        assignments = list(
            Assignment.objects.filter(member__scoresheet=self.sheet, candidate=candidate)
            .select_related("member__judge")
            .prefetch_related("scores")
            .order_by("member__judge__name", "pk")
        )
        for assignment in assignments:
            by_criterion = {s.criterion_id: s for s in assignment.scores.all()}
            assignment.rows = [(c, by_criterion.get(c.pk)) for c in criteria]
        kwargs.pop("candidate", None)
        return super().get_context_data(candidate=candidate, assignments=assignments, **kwargs)

    def handle(self, request):
        assignment = get_object_or_404(
            Assignment.objects.select_related("member__scoresheet"),
            pk=int(request.POST["assignment"])
            if request.POST.get("assignment", "").isdigit()
            else 0,
            member__scoresheet=self.sheet,
            candidate_id=self.kwargs["candidate"],
        )
        reason = request.POST.get("reason", "").strip()
        criteria = self.sheet.criteria.all()
        values = {c.pk: request.POST.get(f"value-{c.pk}", "") for c in criteria}
        comments = {c.pk: request.POST.get(f"comment-{c.pk}", "") for c in criteria}
        try:
            if not reason:
                raise ValidationError(_("请填写修改原因,它会记入历史。"))
            services.save_scores(
                assignment=assignment, values=values, comments=comments, reason=reason
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("评分已修改;请重新计算评审分。"))
        return redirect(
            "jury:candidate", evaluation=self.evaluation.pk, candidate=self.kwargs["candidate"]
        )
