"""The optional public summary of a survey: aggregated figures of groups large enough.

Only choice and scale questions, only groups (the whole survey, each territory, each
structure type) of at least MIN_GROUP_SIZE answers; smaller groups are merged into
"Autres" when that merge reaches the threshold, hidden otherwise. Free-text answers and
anything tied to one respondent are never shown. The figures come from
training.results, as on the animators' results page.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.http import Http404
from django.template.response import TemplateResponse

from training import charts
from training.results import STRUCTURE_LABELS, question_results

MIN_GROUP_SIZE = 5
PROFILE_QUESTIONS = {"territory", "structure_type"}  # their counts are group sizes
OTHERS = "Autres"


@dataclass
class Group:
    label: str
    size: int
    questions: list


@dataclass
class Breakdown:
    title: str
    groups: list = field(default_factory=list)
    hidden_answers: int = 0  # in groups too small, even merged


def public_questions(page, answers, with_charts=False):
    """Choice and scale results only; profile rows under the threshold merged."""
    results = [result for result in question_results(page, answers) if result.kind != "text"]
    for result in results:
        result.texts = []
        if result.question.field_type in PROFILE_QUESTIONS:
            result.rows = _merge_small_rows(result.rows, result.answered)
        if with_charts and result.answered:
            if result.kind == "scale" and result.skills:
                result.chart = charts.scale_chart(result)
            elif result.rows:
                result.chart = charts.choice_chart(result)
    return results


def _merge_small_rows(rows, answered):
    kept = [row for row in rows if row["count"] >= MIN_GROUP_SIZE]
    small = sum(row["count"] for row in rows if 0 < row["count"] < MIN_GROUP_SIZE)
    if small:
        percent = round(100 * small / answered, 1) if answered else 0.0
        kept.append(
            {
                "label": f"{OTHERS} (groupes de moins de {MIN_GROUP_SIZE} réponses)",
                "count": small,
                "percent": percent,
            }
        )
    return kept


def breakdown(page, answers, title, key, labels):
    """Groups of `answers` by `key`, each of at least MIN_GROUP_SIZE answers."""
    buckets = defaultdict(list)
    for answer in answers:
        buckets[key(answer)].append(answer)
    result = Breakdown(title=title)
    small = []
    for value, members in sorted(buckets.items(), key=lambda item: labels(item[0]).lower()):
        if len(members) >= MIN_GROUP_SIZE:
            result.groups.append(
                Group(labels(value), len(members), public_questions(page, members))
            )
        else:
            small += members
    if len(small) >= MIN_GROUP_SIZE:
        result.groups.append(Group(OTHERS, len(small), public_questions(page, small)))
    else:
        result.hidden_answers = len(small)
    return result


def build_summary(page):
    answers = page.get_submission_class().objects.filter(page=page).select_related("territory")
    answers = list(answers)
    if len(answers) < MIN_GROUP_SIZE:
        return {"answers_count": len(answers), "enough": False}
    fields = {question.field_type for question in page.questions}
    breakdowns = []
    if "territory" in fields:
        breakdowns.append(
            breakdown(
                page,
                answers,
                "Par territoire",
                key=lambda a: a.territory.name if a.territory else "",
                labels=lambda name: name or "Territoire non renseigné",
            )
        )
    if "structure_type" in fields:
        breakdowns.append(
            breakdown(
                page,
                answers,
                "Par type de structure",
                key=lambda a: a.structure_type,
                labels=lambda value: STRUCTURE_LABELS.get(value, "Type non renseigné"),
            )
        )
    return {
        "answers_count": len(answers),
        "enough": True,
        "questions": public_questions(page, answers, with_charts=True),
        "breakdowns": breakdowns,
    }


def summary_view(request, page):
    if not page.public_summary:
        raise Http404("Cette enquête n'a pas de synthèse publique.")
    context = {
        **page.get_context(request),
        "page": page,
        "self": page,
        "min_group_size": MIN_GROUP_SIZE,
        **build_summary(page),
    }
    return TemplateResponse(request, "training/survey_summary.html", context)
