"""The open training-needs survey on the home page (portal HOME_SECTIONS hook) and in the
members' area (MEMBER_AREA)."""

from django.db.models import Q
from django.utils import timezone

from training.models import VIEW_PERMISSION, TrainingNeedsSurveyPage


def open_survey(now=None):
    """The live, public survey open now that closes first (open-ended ones last)."""
    now = now or timezone.now()
    surveys = (
        TrainingNeedsSurveyPage.objects.live()
        .public()
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .order_by("closes_at", "pk")
    )
    dated = surveys.filter(closes_at__isnull=False).first()
    return dated or surveys.first()


def home_survey_section(request):
    survey = open_survey()
    if survey is None:
        return None
    return {
        "order": 20,
        "template": "training/home_survey.html",
        "context": {"survey": survey},
    }


def member_links(request):
    """The open survey to answer; the campaigns' results for those who may read them."""
    links = []
    survey = open_survey()
    if survey is not None:
        links.append(
            {
                "title": f"Répondre à l'enquête : {survey.title}",
                "url": survey.url,
                "description": "Vos besoins de formation, pour construire le programme.",
            }
        )
    if request.user.has_perm(VIEW_PERMISSION):
        for campaign in TrainingNeedsSurveyPage.objects.live().order_by("-first_published_at")[:3]:
            links.append(
                {
                    "title": f"Résultats : {campaign.title}",
                    "url": campaign.results_url(),
                    "description": "Les réponses, par compétence et par territoire.",
                }
            )
    if not links:
        return None
    return {"order": 30, "title": "Formation", "links": links}
