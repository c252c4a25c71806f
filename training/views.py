"""Animator views of a survey (results, exports, comparison, erasure); the page checks access."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.views.decorators.cache import never_cache

from portal.models import Territory
from portal.spreadsheets import download
from training import charts, exports
from training.forms import STRUCTURE_TYPES, ComparisonForm
from training.results import Selection, comparable_surveys, question_results, ranking, resources_for
from training.results import compare as compare_campaigns

NO_STORE = "no-store, private"


def _common(page, selection):
    return {
        "page": page,
        "self": page,
        "selection": selection,
        "territories": Territory.objects.order_by("name"),
        "structure_types": STRUCTURE_TYPES,
        "filter_query": "&".join(f"{k}={v}" for k, v in selection.query_params().items()),
    }


@never_cache
def results(request, page):
    selection = Selection.from_request(page, request)
    answers = list(selection.answers())
    question_rows = question_results(page, answers)
    for result in question_rows:
        if result.kind == "scale" and result.skills:
            result.chart = charts.scale_chart(result)
        elif result.kind in ("single", "multiple") and result.rows:
            result.chart = charts.choice_chart(result)
    ranked = ranking(page, answers)
    needs = [
        {"stats": stats, "resources": resources_for(stats.skill, request.user)} for stats in ranked
    ]
    context = {
        **_common(page, selection),
        "answers_count": len(answers),
        "questions": question_rows,
        "needs": needs,
        "ranking_chart": charts.ranking_chart(ranked) if ranked else "",
        "comparable": comparable_surveys(page),
    }
    response = TemplateResponse(request, "training/survey_results.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
def export(request, page, fmt):
    selection = Selection.from_request(page, request)
    answers = selection.answers()
    name = f"reponses-{slugify(page.slug)}"
    response = download(fmt, [exports.table(page, answers)], name)  # 404 for another format
    response["Cache-Control"] = NO_STORE
    return response


@never_cache
def compare(request, page):
    selection = Selection.from_request(page, request)
    candidates = comparable_surveys(page)
    other = ComparisonForm(request.GET, candidates=candidates).other()
    changes = []
    earlier = later = None
    if other is not None:
        earlier, later = sorted([other, page], key=_campaign_order)
        other_selection = Selection(
            page=other, territory=selection.territory, structure_type=selection.structure_type
        )
        answers = {page.pk: selection.answers(), other.pk: other_selection.answers()}
        changes = compare_campaigns(earlier, later, answers[earlier.pk], answers[later.pk])
    context = {
        **_common(page, selection),
        "candidates": candidates,
        "other": other,
        "earlier": earlier,
        "later": later,
        "rising": [c for c in changes if c.trend == "hausse"],
        "falling": [c for c in changes if c.trend == "baisse"],
        "stable": [c for c in changes if c.trend == "stable"],
        "changes": changes,
        "chart": (charts.comparison_chart(changes, earlier.title, later.title) if changes else ""),
    }
    response = TemplateResponse(request, "training/survey_comparison.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


def _campaign_order(survey):
    return (survey.opens_at is None, survey.opens_at, survey.pk)


def erase(request, page):
    """Erase every survey answer of one member, on request (identifier or e-mail)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    who = request.POST.get("membre", "").strip()
    users = get_user_model().objects.filter(Q(username__iexact=who) | Q(email__iexact=who))
    if not who or users.count() != 1:
        messages.error(request, f"Aucun membre unique ne correspond à « {who} ».")
    else:
        count = page.get_submission_class().erase_member(users.get())
        messages.success(
            request, f"{count} réponse{'s' if count > 1 else ''} effacée{'s' if count > 1 else ''}."
        )
    return redirect(page.results_url())
