"""The open training-needs survey on the home page (portal HOME_SECTIONS hook)."""

from django.db.models import Q
from django.utils import timezone

from training.models import TrainingNeedsSurveyPage


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
