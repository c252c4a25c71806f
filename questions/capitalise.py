"""Capitalise: the animation turns a question and its accepted answer into a draft method
sheet or experience feedback, pre-filled, linked back to the question, and submitted into
the review workflow (through capitalisation's one entry point, `capitalisation.drafts`)."""

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

from capitalisation.drafts import (
    NoKnowledgeSection,
    draft_experience_feedback,
    draft_methodology_sheet,
)
from portal.links import absolute_url

__all__ = ["KINDS", "NoKnowledgeSection", "capitalise"]

KINDS = {
    "fiche": "fiche méthodologique",
    "retour": "retour d'expérience",
}


class NotCapitalisable(ValueError):
    pass


def _source_note(question) -> str:
    url = absolute_url(question.get_absolute_url())
    return f"*Issu de la question au réseau [« {question.title} »]({url}).*"


def capitalise(question, kind, user):
    """The new draft page; the question keeps a link to it."""
    answer = question.accepted_answer
    if answer is None or answer.hidden:
        raise NotCapitalisable(
            "Seule une question avec une réponse acceptée peut être capitalisée."
        )
    if kind not in KINDS:
        raise NotCapitalisable("Type de page inconnu.")
    summary = Truncator(" ".join(strip_tags(question.body_html).split())).chars(590)
    territories = [question.territory] if question.territory_id else []
    themes = list(question.themes.all())
    note = _source_note(question)
    if kind == "fiche":
        page = draft_methodology_sheet(
            user=user,
            title=question.title,
            summary=summary,
            objective=f"{question.body}\n\n{note}",
            when_to_use=answer.body,
            territories=territories,
            themes=themes,
        )
    else:
        page = draft_experience_feedback(
            user=user,
            title=question.title,
            summary=summary,
            synergy_type="mutualisation",
            flows=[],
            year=timezone.localdate().year,
            territories=territories,
            themes=themes,
            context=f"{question.body}\n\n{note}",
            results=answer.body,
        )
    question.capitalised_page = page
    question.save(update_fields=["capitalised_page", "updated_at"])
    return page
