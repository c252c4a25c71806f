"""Who may do what with questions (one rule each, read by every view)."""

from django.shortcuts import get_object_or_404

from portal.roles import is_network_member, is_regional_animator
from questions.models import Question


def readable_question(user, pk) -> Question:
    """The question `pk` if `user` may read it, else 404 (a hidden or members-only
    question does not exist for whom may not read it)."""
    return get_object_or_404(
        Question.objects.visible_to(user).select_related(
            "author", "territory", "accepted_answer", "capitalised_page"
        ),
        pk=pk,
    )


def can_participate(user) -> bool:
    """Ask, answer, vote, follow, report: the network's members."""
    return is_network_member(user)


def can_accept(user, question) -> bool:
    """The asker or the regional animation."""
    if is_regional_animator(user):
        return True
    return is_network_member(user) and question.author_id == user.pk


def can_moderate(user) -> bool:
    return is_regional_animator(user)


def visible_answers(user, question):
    """The answers `user` sees: the animation also sees (marked) those it hid."""
    answers = question.answers.select_related("author", "author__territory")
    if not is_regional_animator(user):
        answers = answers.filter(hidden=False)
    return answers


def display_name(user, message, question) -> str:
    """How the author of a message is shown: to members, their name and territory; on a
    question the animation made public, to others, their territory only unless they
    agreed to sign."""
    author = message.author
    if author is None:
        return "Ancien membre"
    territory = author.territory.name if author.territory_id else "Réseau EIT Grand Est"
    name = author.get_full_name() or author.username
    if is_network_member(user) or message.sign_publicly:
        return f"{name} ({territory})"
    return f"Un membre de {territory}" if author.territory_id else "Un membre du réseau"
