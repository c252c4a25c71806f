"""What members and the animation do with questions; each action keeps the search index
and the followers up to date."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from questions import notifications
from questions.models import Follow, Frequency, Question, Vote
from questions.search_source import reindex


@transaction.atomic
def ask(form, user) -> Question:
    question = form.save(commit=False)
    question.author = user
    question.save()
    form.save_m2m()
    Follow.objects.get_or_create(
        user=user, question=question, defaults={"frequency": Frequency.IMMEDIATE}
    )
    notifications.question_asked(question)
    reindex(question)
    return question


@transaction.atomic
def answer(form, question, user):
    reply = form.save(commit=False)
    reply.question = question
    reply.author = user
    reply.save()
    if question.first_answer_at is None:
        question.first_answer_at = reply.created_at
        question.save(update_fields=["first_answer_at", "updated_at"])
        reindex(question)  # its status changes: answered
    notifications.answer_posted(reply)
    return reply


def toggle_vote(answer, user) -> bool:
    """Vote "utile" or take the vote back; True when the member now votes for it."""
    deleted, _ = Vote.objects.filter(answer=answer, voter=user).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Vote.objects.create(answer=answer, voter=user)
    except IntegrityError:  # a double click raced us: one vote stays
        pass
    return True


@transaction.atomic
def accept(question, answer, user) -> bool:
    """Accept `answer` (or withdraw the acceptance if it is the accepted one); True when
    the answer is now accepted."""
    if question.accepted_answer_id == answer.pk:
        question.accepted_answer, question.accepted_at = None, None
        accepted = False
    else:
        question.accepted_answer, question.accepted_at = answer, timezone.now()
        accepted = True
    question.save(update_fields=["accepted_answer", "accepted_at", "updated_at"])
    if accepted:
        notifications.answer_accepted(question, user)
    reindex(question)
    return accepted


def follow(user, *, question=None, theme=None, frequency=Frequency.IMMEDIATE) -> Follow:
    target = {"question": question} if question is not None else {"theme": theme}
    followed, _ = Follow.objects.update_or_create(
        user=user, **target, defaults={"frequency": frequency}
    )
    return followed


def moderate(question, action, answer=None) -> str:
    """The animation's moderation: hide or show a question or an answer, make a question
    public or members-only. Returns the message for the animator."""
    if action in ("masquer", "afficher"):
        message = answer if answer is not None else question
        message.hidden = action == "masquer"
        message.save(update_fields=["hidden", "updated_at"])
        message.reports.filter(handled_at__isnull=True).update(handled_at=timezone.now())
        reindex(question)
        kind = "Réponse" if answer is not None else "Question"
        return f"{kind} masquée." if message.hidden else f"{kind} de nouveau visible."
    if action in ("publique", "membres"):
        question.is_public = action == "publique"
        question.save(update_fields=["is_public", "updated_at"])
        reindex(question)
        if question.is_public:
            return "La question est désormais publique (auteurs montrés par leur territoire)."
        return "La question est de nouveau réservée aux membres."
    raise ValueError(action)
