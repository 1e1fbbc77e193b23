"""The evaluation's admin screens: ranking, explanation, import, preset, promote, override.

Each screen reads in a fixed number of queries (selectors, compute.run) and writes through
services; nothing here decides a rule.
"""

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from awards.evaluation import promote as promoting
from awards.evaluation import selectors, services, tree
from awards.evaluation.admin import explaining
from awards.evaluation.forms import (
    ConfirmImportForm,
    OverrideForm,
    PresetForm,
    PromoteForm,
    UploadForm,
)
from awards.evaluation.importing import apply, plan
from awards.evaluation.importing import template as workbook_template
from awards.evaluation.models import Candidate, Dimension, Evaluation, MetricRow, Period
from awards.evaluation.vocabulary import Platform
from awards.importing.errors import SpreadsheetError
from awards.importing.models import PendingImport


def _evaluation(request, pk, *, change=False) -> Evaluation:
    action = "change" if change else "view"
    if not request.user.has_perm(f"evaluation.{action}_evaluation"):
        raise PermissionDenied
    return get_object_or_404(Evaluation.objects.select_related("award_list__edition"), pk=pk)


def _page(request, screen: str, evaluation, title, **extra):
    """One of an evaluation's admin screens: templates/admin/evaluation/<screen>.html."""
    context = {
        "title": title,
        "evaluation": evaluation,
        "opts": Evaluation._meta,
        "has_view_permission": True,
        **extra,
    }
    return render(request, f"admin/evaluation/{screen}.html", context)


@staff_member_required
def ranking(request, pk):
    evaluation = _evaluation(request, pk)
    candidates = list(selectors.ranking(evaluation))
    tops = list(Dimension.objects.filter(evaluation=evaluation, parent=None).order_by("position"))
    overrides = promoting.active_overrides(evaluation)
    _specs, problems = tree.load_tree(evaluation)
    cut = evaluation.award_list.announced_count
    rows = [{"candidate": c, "override": overrides.get(c.pk, ""), "html": ""} for c in candidates]
    cut_after = _cut_index(rows, cut)
    _render_rows(rows, evaluation, tops, cut_after)
    return _page(
        request,
        "ranking",
        evaluation,
        _("排名:%(list)s") % {"list": evaluation.award_list},
        rows=rows,
        dimensions=tops,
        cut=cut,
        cut_after=cut_after,
        problems=problems,
        adjustments=len(overrides),
    )


def _render_rows(rows, evaluation, tops, cut_after) -> None:
    """Each ranking row as HTML, made here: at 2,000 rows the template engine's per-cell
    nodes (filters, url tags, translations) took most of the page's time."""
    explain = reverse("admin:evaluation_candidate_explain", args=(0,))
    adjust = reverse("admin:evaluation_candidate_override", args=(0,))
    labels = {
        "exclude": _("已取消资格"),
        "include": _("确认入选"),
        "stale": _("待重新计算"),
        "unjudged": _("未评审"),
    }
    links = (escape(_("得分说明")), escape(_("评审调整")))
    version = (evaluation.definition_version, evaluation.data_version)
    for index, row in enumerate(rows):
        c = row["candidate"]
        flags = [labels[row["override"]]] if row["override"] else []
        if (c.definition_version, c.data_version) != version:
            flags.append(labels["stale"])
        cells = [_number(c.dimension_scores.get(str(d.pk))) for d in tops]
        cells += [_number(c.data_index), _number(c.data_score)]
        if evaluation.jury_weight:
            cells.append(labels["unjudged"] if c.jury_score is None else _number(c.jury_score))
        classes = {"exclude": "excluded", "include": "included"}.get(row["override"], "")
        if index == cut_after:
            classes += " cut-line"
        flag_html = "".join(f'<span class="flag">{escape(f)}</span>' for f in flags)
        gap_html = "".join(f'<span class="gap">{escape(g)}</span>' for g in c.gaps)
        cell_html = "".join(f'<td class="number">{escape(v)}</td>' for v in cells)
        # Every piece of text is escaped above or here; numbers are formatted by _number.
        row["html"] = mark_safe(
            f'<tr class="{classes.strip()}"><td>{"—" if c.rank is None else c.rank}</td>'
            f"<td>{escape(str(c))}{flag_html}</td>{cell_html}"
            f'<td class="number"><strong>{_number(c.total)}</strong></td><td>{gap_html}</td>'
            f'<td><a href="{explain.replace("/0/", f"/{c.pk}/")}">{links[0]}</a> · '
            f'<a href="{adjust.replace("/0/", f"/{c.pk}/")}">{links[1]}</a></td></tr>'
        )


def _number(value) -> str:
    return "" if value is None else f"{value:,.2f}"


def _cut_index(rows, cut) -> int | None:
    """Index of the last row above the cut line: the announced count of eligible rows."""
    if not cut:
        return None
    eligible = 0
    for index, row in enumerate(rows):
        if row["override"] != "exclude":
            eligible += 1
        if eligible == cut:
            return index
    return None


@staff_member_required
def explain(request, pk):
    candidate = get_object_or_404(Candidate.objects.select_related("nominee", "case"), pk=pk)
    evaluation = _evaluation(request, candidate.evaluation_id)
    try:
        explanation = explaining.explain(evaluation, candidate)
    except ValidationError as error:
        explanation, problems = None, error.messages
    else:
        problems = []
    metric_rows = (
        MetricRow.objects.filter(candidate=candidate)
        .select_related("period")
        .order_by("period__starts_on", "platform")
    )
    return _page(
        request,
        "explain",
        evaluation,
        _("得分说明:%(name)s") % {"name": candidate},
        candidate=candidate,
        explanation=explanation,
        problems=problems,
        metric_rows=metric_rows,
        overrides=candidate.overrides.select_related("created_by"),
    )


def completeness_rows(evaluation_id: int) -> dict:
    """Which platforms and periods each candidate lacks (two queries, for the change page)."""
    periods = dict(Period.objects.filter(evaluation_id=evaluation_id).values_list("pk", "label"))
    present = {}
    for candidate_id, period_id, platform in MetricRow.objects.filter(
        candidate__evaluation_id=evaluation_id
    ).values_list("candidate_id", "period_id", "platform"):
        present.setdefault(candidate_id, set()).add((period_id, platform))
    platforms = sorted(
        {p for pairs in present.values() for _x, p in pairs}, key=Platform.values.index
    )
    names = Candidate.objects.filter(evaluation_id=evaluation_id).values_list(
        "pk", "nominee__name", "case__title"
    )
    missing = []
    for pk, name, case in names:
        have = present.get(pk, set())
        lacks = [
            f"{Platform(platform).label} {label}"
            for platform in platforms
            for period_id, label in periods.items()
            if (period_id, platform) not in have
        ]
        if lacks:
            missing.append({"name": f"{name} · {case}" if case else name, "lacks": lacks})
    return {
        "candidates": len(names),
        "periods": list(periods.values()),
        "platforms": [Platform(p).label for p in platforms],
        "missing": missing,
    }


@staff_member_required
def template(request, pk):
    evaluation = _evaluation(request, pk)
    response = HttpResponse(
        workbook_template.workbook(evaluation),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = "attachment; filename*=UTF-8''metrics-template.xlsx"
    return response


@staff_member_required
def import_metrics(request, pk):
    evaluation = _evaluation(request, pk, change=True)
    title = _("导入指标数据:%(list)s") % {"list": evaluation.award_list}
    if request.method == "POST" and "pending" in request.POST:
        return _confirm_import(request, evaluation)
    form = UploadForm(request.POST or None, request.FILES or None)
    checked = pending = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            checked = plan.build(evaluation, data, upload.name)
        except SpreadsheetError as error:
            form.add_error("file", [str(issue) for issue in error.issues])
        else:
            if not checked.issues:
                pending = PendingImport.objects.create(
                    kind=PendingImport.Kind.WORKBOOK,
                    user=request.user,
                    filename=upload.name[:255],
                    content=data,
                )
    return _page(request, "import", evaluation, title, form=form, plan=checked, pending=pending)


def _confirm_import(request, evaluation):
    form = ConfirmImportForm(request.POST)
    pending = None
    if form.is_valid():
        pending = (
            PendingImport.objects.live()
            .filter(pk=form.cleaned_data["pending"], user=request.user)
            .first()
        )
    if pending is None:
        messages.error(request, _("这份预览已过期或不存在,请重新上传文件。"))
        return redirect("admin:evaluation_evaluation_import", evaluation.pk)
    checked = plan.build(evaluation, bytes(pending.content), pending.filename)
    if checked.issues:  # the data changed since the preview (e.g. a candidate was merged)
        messages.error(request, _("数据在预览后发生了变化,请重新上传文件。"))
        return redirect("admin:evaluation_evaluation_import", evaluation.pk)
    source = apply.apply(evaluation, checked, user=request.user)
    pending.delete()
    messages.success(
        request,
        _("已导入 %(rows)d 行指标数据,替换 %(replaced)d 行(旧数据已存入历史)。")
        % {"rows": source.row_count, "replaced": source.replaced_count},
    )
    return redirect("admin:evaluation_evaluation_ranking", evaluation.pk)


@staff_member_required
def preset(request, pk):
    evaluation = _evaluation(request, pk, change=True)
    form = PresetForm(request.POST or None, initial={"preset": evaluation.preset or "wci-14.2"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        weights = (data["reach"], data["interaction"], data["service"])
        services.apply_preset(evaluation, data["preset"], weights=weights)
        messages.success(request, _("已采用所选评价体系并重新计算排名。"))
        return redirect("admin:evaluation_evaluation_ranking", evaluation.pk)
    return _page(request, "preset", evaluation, _("选择评价体系"), form=form)


@staff_member_required
def promote(request, pk):
    evaluation = _evaluation(request, pk, change=True)
    default = evaluation.award_list.announced_count or 20
    form = PromoteForm(request.POST or request.GET or None, initial={"count": default})
    result = None
    if form.is_bound and form.is_valid():
        count = form.cleaned_data["count"]
        result = promoting.plan(evaluation, count)
        if request.method == "POST" and form.cleaned_data["confirm"]:
            try:
                promoting.promote(evaluation, count)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("已将前 %(count)d 名提交为榜单。") % {"count": count})
                return redirect(
                    reverse("admin:awards_awardlist_change", args=(evaluation.award_list_id,))
                )
    title = _("提交为榜单:%(list)s") % {"list": evaluation.award_list}
    draft = evaluation.award_list.edition.published_at is None
    return _page(request, "promote", evaluation, title, form=form, plan=result, draft=draft)


@staff_member_required
def override(request, pk):
    candidate = get_object_or_404(Candidate.objects.select_related("nominee", "case"), pk=pk)
    evaluation = _evaluation(request, candidate.evaluation_id, change=True)
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and "revoke" in request.POST:
        for current in candidate.overrides.filter(revoked_at__isnull=True):
            services.revoke_override(current)
        messages.success(request, _("已撤回对「%(name)s」的评审调整。") % {"name": candidate})
        return redirect("admin:evaluation_evaluation_ranking", evaluation.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_override(candidate, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已记录对「%(name)s」的评审调整。") % {"name": candidate})
            return redirect("admin:evaluation_evaluation_ranking", evaluation.pk)
    title = _("评审调整:%(name)s") % {"name": candidate}
    overrides = candidate.overrides.select_related("created_by")
    return _page(
        request, "override", evaluation, title, form=form, candidate=candidate, overrides=overrides
    )
