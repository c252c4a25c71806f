"""What questions contribute to other pages through the core's hooks: the navigation
entry, the members' area links, the weekly veille digest and the animation's dashboard."""

from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator

from portal.links import absolute_url
from portal.roles import is_network_member, is_regional_animator
from questions.models import Question
from questions.stats import question_figures

DIGEST_LIMIT = 10


def navigation_entry(request):
    if is_network_member(getattr(request, "user", None)):
        return {"order": 30, "title": "Questions au réseau", "url": reverse("questions:index")}
    return None


def member_links(request):
    if not is_network_member(getattr(request, "user", None)):
        return None
    return {
        "order": 15,
        "title": "Questions au réseau",
        "links": [
            {
                "title": "Toutes les questions",
                "url": reverse("questions:index"),
                "description": "Les questions des animateurs et leurs réponses.",
            },
            {
                "title": "Poser une question",
                "url": reverse("questions:ask"),
                "description": "Les onze autres territoires vous répondent.",
            },
        ],
    }


def digest_section(since):
    """Unanswered questions for the weekly digest. The digest reaches anonymous
    subscribers: only questions the animation made public (and did not hide)."""
    questions = list(
        Question.objects.visible_to(None).unanswered().order_by("-created_at")[:DIGEST_LIMIT]
    )
    if not questions:
        return None
    return {
        "title": "Questions du réseau en attente de réponse",
        "items": [
            {
                "title": question.title,
                "url": absolute_url(question.get_absolute_url()),
                "summary": Truncator(" ".join(strip_tags(question.body_html).split())).chars(200),
            }
            for question in questions
        ],
    }


def dashboard_section(request, dashboard):
    if not is_regional_animator(request.user):
        return None
    return {
        "order": 90,
        "template": "questions/dashboard_section.html",
        "context": question_figures(),
    }
