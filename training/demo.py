"""Demo data of the training axis, called by `manage.py seed_demo` (idempotent).

Two closed campaigns (2024 and 2025) rate the same skills, so that the comparison shows
needs rising and falling; ~25 plausible answers each, spread over the demo territories.
Answers are identified by a fixed respondent key: a second run finds them all. The
campaigns' pages and questions (SKILLS, ROLES... as choices) are Markdown files of
demo/pages/enquetes-formation/.
"""

import datetime
import random

from django.contrib.auth import get_user_model

from portal.models import Territory
from training.forms import STRUCTURE_TYPES
from training.models import SurveyAnswer, TrainingNeedsSurveyPage, member_key

SKILLS = [
    "Cartographie des flux",
    "Animation d'ateliers inter-entreprises",
    "Montage financier",
    "Réglementation déchets",
    "Évaluation des gains",
    "Communication auprès des élus",
]
# Mean need per skill and campaign: what the answers are drawn around.
MEANS = {
    2024: [4.1, 3.1, 3.4, 2.9, 3.0, 3.7],
    2025: [3.2, 3.9, 4.1, 3.3, 4.0, 2.9],
}
ROLES = ["Animateur ou animatrice EIT", "Chargé ou chargée de mission", "Direction", "Élu ou élue"]
FORMATS = ["Présentiel", "Distanciel", "Mixte"]
MOMENTS = ["Matinée", "Journée complète", "Fin de journée"]
EXPECTATIONS = [
    "Des cas concrets d'autres territoires du Grand Est.",
    "Un outil simple pour chiffrer les tonnes évitées.",
    "Savoir présenter la démarche en conseil communautaire.",
    "Comprendre les nouvelles obligations de tri des biodéchets.",
    "Trouver des financements pour pérenniser le poste.",
    "",
    "",
]
ANSWERS_PER_CAMPAIGN = {2024: 24, 2025: 27}
CAMPAIGN_SLUG = "campagne-besoins-formation-{year}"


def seed(command):
    """Answers to the two campaigns, whose pages are demo/pages files like the others."""
    command.step("Formation : réponses aux campagnes 2024 et 2025")
    for year in ANSWERS_PER_CAMPAIGN:
        slug = CAMPAIGN_SLUG.format(year=year)
        page = TrainingNeedsSurveyPage.objects.filter(slug=slug).first()
        if page is not None:
            seed_answers(command, page, year)


def seed_answers(command, page, year):
    rng = random.Random(f"eit-{year}")  # noqa: S311 - fixed seed: same demo answers everywhere
    territories = list(Territory.objects.filter(is_demo=True).order_by("slug"))
    if not territories:
        return
    names = {q.field_type: q.clean_name for q in page.questions}
    by_label = {q.label: q.clean_name for q in page.questions}
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["lea.morel", "thomas.muller"])
    }
    opens = page.opens_at
    for number in range(ANSWERS_PER_CAMPAIGN[year]):
        territory = territories[number % len(territories)]
        structure = rng.choice([value for value, _ in STRUCTURE_TYPES[:4]] + ["collectivite"])
        scores = {
            skill: max(1, min(5, round(rng.gauss(mean, 0.9))))
            for skill, mean in zip(SKILLS, MEANS[year], strict=True)
        }
        data = {
            names["territory"]: territory.slug,
            names["structure_type"]: structure,
            names["role"]: rng.choice(ROLES),
            names["skill_scale"]: scores,
            by_label["Format préféré"]: rng.choice(FORMATS),
            by_label["Moments possibles"]: sorted(rng.sample(MOMENTS, rng.randint(1, 2))),
            by_label["Vos attentes en quelques mots"]: rng.choice(EXPECTATIONS),
        }
        user = None
        key = f"demo:{year}:{number + 1:02d}"
        if number < len(users):  # the demo members answer too, once each
            user = list(users.values())[number]
            key = member_key(user)
            data[names["territory"]] = user.territory.slug if user.territory else territory.slug
        exists = SurveyAnswer.objects.filter(page=page, respondent_key=key).exists()
        command.tally("réponses aux campagnes", not exists)
        if exists:
            continue
        when = opens + datetime.timedelta(days=number * 2, hours=number % 7)
        answer, _ = page.store_answer(key, data, user=user, when=when)
        SurveyAnswer.objects.filter(pk=answer.pk).update(submit_time=when)
