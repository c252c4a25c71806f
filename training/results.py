"""Aggregated results of a survey, the needs ranking and the comparison of two campaigns.

Everything is computed from the stored answers of one selection (a survey, optionally
filtered by territory and structure type), in Python: a campaign has tens or hundreds
of answers, not millions.

Demand score of a skill: the share of the respondents who rated it that gave it 4 or 5
(“besoin fort”), in percent; ties are broken by the mean score, then by name.
"""

from collections import Counter
from dataclasses import dataclass, field

from portal.models import Territory
from search.service import SearchQuery, search
from training.forms import STRUCTURE_TYPES, SelectionForm, skills_of

HIGH_NEED = 4  # a score from 4 up is a strong need

SINGLE_CHOICE = {"radio", "dropdown", "structure_type", "territory", "checkbox"}
MULTIPLE_CHOICE = {"checkboxes", "multiselect"}
STRUCTURE_LABELS = dict(STRUCTURE_TYPES)
RESOURCE_TYPES = [
    "capitalisation.MethodologySheetPage",
    "capitalisation.ExperienceFeedbackPage",
    "veille.MonitoringDigestPage",
]


def question_kind(question):
    if question.field_type == "skill_scale":
        return "scale"
    if question.field_type in MULTIPLE_CHOICE:
        return "multiple"
    if question.field_type in SINGLE_CHOICE:
        return "single"
    if question.field_type == "role" and question.choices.strip():
        return "single"
    return "text"


def percent(part, whole):
    return round(100 * part / whole, 1) if whole else 0.0


def territory_names():
    return dict(Territory.objects.values_list("slug", "name"))


def display_value(question, value, territories=None):
    """A stored answer as a person reads it (territory name, structure label...)."""
    if question.field_type == "territory":
        return (territories or territory_names()).get(value, value)
    if question.field_type == "structure_type":
        return STRUCTURE_LABELS.get(value, value)
    if question.field_type == "checkbox":
        return "Oui" if value else "Non"
    return value


# --- selection ------------------------------------------------------------------------


@dataclass
class Selection:
    page: object
    territory: str = ""
    structure_type: str = ""

    @classmethod
    def from_request(cls, page, request):
        values = SelectionForm(request.GET).valid_values()
        territory = values.get("territoire")
        return cls(
            page=page,
            territory=territory.slug if territory else "",
            structure_type=values.get("structure", ""),
        )

    def answers(self):
        answers = _all(self.page).select_related("territory")
        if self.territory:
            answers = answers.filter(territory__slug=self.territory)
        if self.structure_type:
            answers = answers.filter(structure_type=self.structure_type)
        return answers.order_by("submit_time", "pk")

    def query_params(self):
        params = {}
        if self.territory:
            params["territoire"] = self.territory
        if self.structure_type:
            params["structure"] = self.structure_type
        return params


# --- per question -----------------------------------------------------------------------


@dataclass
class SkillStats:
    skill: str
    scores: list = field(default_factory=list)

    @property
    def respondents(self):
        return len(self.scores)

    @property
    def mean(self):
        return round(sum(self.scores) / len(self.scores), 2) if self.scores else None

    @property
    def high(self):
        return sum(1 for score in self.scores if score >= HIGH_NEED)

    @property
    def demand(self):
        """Share (%) of the respondents who rated the skill that scored it 4 or 5."""
        return percent(self.high, self.respondents)

    @property
    def distribution(self):
        counts = Counter(self.scores)
        return [counts.get(score, 0) for score in range(1, 6)]


@dataclass
class QuestionResult:
    question: object
    kind: str
    answered: int = 0
    rows: list = field(default_factory=list)  # choices: {"label", "count", "percent"}
    skills: list = field(default_factory=list)  # scales: SkillStats
    texts: list = field(default_factory=list)  # free text

    @property
    def label(self):
        return self.question.label


def question_results(page, answers):
    answers = list(answers)
    territories = territory_names()
    results = []
    for question in page.questions:
        kind = question_kind(question)
        result = QuestionResult(question=question, kind=kind)
        values = [
            answer.form_data.get(question.clean_name)
            for answer in answers
            if answer.form_data.get(question.clean_name) not in (None, "", [], {})
        ]
        result.answered = len(values)
        if kind == "scale":
            stats = {skill: SkillStats(skill) for skill in skills_of(question)}
            for value in values:
                for skill, score in value.items():
                    if skill in stats and isinstance(score, int) and 1 <= score <= 5:
                        stats[skill].scores.append(score)
            result.skills = list(stats.values())
        elif kind in ("single", "multiple"):
            counts = Counter()
            for value in values:
                for item in value if isinstance(value, list) else [value]:
                    counts[display_value(question, item, territories)] += 1
            labels = _choice_labels(question, territories)
            labels += [label for label in counts if label not in labels]
            result.rows = [
                {
                    "label": label,
                    "count": counts.get(label, 0),
                    "percent": percent(counts.get(label, 0), result.answered),
                }
                for label in labels
            ]
        else:
            result.texts = [str(value) for value in values]
        results.append(result)
    return results


def _choice_labels(question, territories):
    if question.field_type == "territory":
        return sorted(territories.values())
    if question.field_type == "structure_type":
        return [label for _, label in STRUCTURE_TYPES]
    if question.field_type == "checkbox":
        return ["Oui", "Non"]
    return [line.strip() for line in question.choices.splitlines() if line.strip()] or [
        item.strip() for item in question.choices.split(",") if item.strip()
    ]


# --- ranking and comparison ---------------------------------------------------------------


def skill_stats(page, answers):
    """Every rated skill of the survey, merged over its scale questions."""
    stats = {}
    for result in question_results(page, answers):
        for skill in result.skills:
            stats.setdefault(skill.skill, SkillStats(skill.skill)).scores.extend(skill.scores)
    return stats


def ranking(page, answers):
    """Skills by demand score, then mean score, then name; unrated skills last."""
    stats = list(skill_stats(page, answers).values())
    return sorted(
        stats,
        key=lambda s: (s.respondents == 0, -s.demand, -(s.mean or 0), s.skill.lower()),
    )


@dataclass
class Change:
    skill: str
    before: SkillStats
    after: SkillStats

    @property
    def delta(self):
        return round(self.after.demand - self.before.demand, 1)

    @property
    def mean_delta(self):
        if self.before.mean is None or self.after.mean is None:
            return None
        return round(self.after.mean - self.before.mean, 2)

    @property
    def trend(self):
        if self.delta > 0 or (self.delta == 0 and (self.mean_delta or 0) > 0):
            return "hausse"
        if self.delta < 0 or (self.delta == 0 and (self.mean_delta or 0) < 0):
            return "baisse"
        return "stable"

    @property
    def trend_label(self):
        return {"hausse": "En hausse", "baisse": "En baisse", "stable": "Stable"}[self.trend]


def compare(earlier_page, later_page, earlier_answers=None, later_answers=None):
    """The skills both surveys rate: how each one's demand moved from earlier to later."""
    if earlier_answers is None:
        earlier_answers = _all(earlier_page)
    if later_answers is None:
        later_answers = _all(later_page)
    before = skill_stats(earlier_page, earlier_answers)
    after = skill_stats(later_page, later_answers)
    changes = [Change(skill, before[skill], after[skill]) for skill in after if skill in before]
    return sorted(changes, key=lambda c: (-c.delta, -(c.mean_delta or 0), c.skill.lower()))


def comparable_surveys(page):
    """Other surveys sharing at least one rated skill with `page`, newest first."""
    skills = set(page.skills())
    if not skills:
        return []
    others = type(page).objects.exclude(pk=page.pk).order_by("-opens_at", "-pk")
    return [other for other in others if skills & set(other.skills())]


def _all(page):
    return page.get_submission_class().objects.filter(page=page)


# --- closing the loop: resources that answer a need -----------------------------------------


def resources_for(skill, user, limit=3):
    """Methodology sheets, experience feedback and digests the search finds for a skill."""
    response = search(
        SearchQuery(q=skill, filters={"content_type": RESOURCE_TYPES}, page_size=limit), user
    )
    return {"total": response.total, "results": response.results[:limit]}
