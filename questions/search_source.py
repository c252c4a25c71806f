"""Questions as a searchable kind (portal.search_protocol.SearchSource): a question and
its accepted answer, members-only unless the animation made it public."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.text import Truncator

from portal.axes import Axis
from portal.roles import ANIMATION_GROUP, MEMBERS_GROUP
from portal.search_protocol import SearchEntry, SearchSource, source_items_changed
from questions.models import Question

ANSWERED = ("avec-reponse", "Avec réponse")
UNANSWERED = ("sans-reponse", "Sans réponse")


def plain(markdown_html) -> str:
    return " ".join(strip_tags(markdown_html).split())


class QuestionSource(SearchSource):
    key = "questions.Question"
    label = "Question au réseau"
    slot = 1

    def entries(self, pks=None):
        questions = (
            Question.objects.filter(hidden=False)
            .select_related("territory", "accepted_answer")
            .prefetch_related("themes")
            .order_by("pk")
        )
        if pks is not None:
            questions = questions.filter(pk__in=list(pks))
        group_ids = list(
            Group.objects.filter(name__in=[MEMBERS_GROUP, ANIMATION_GROUP]).values_list(
                "pk", flat=True
            )
        )
        for question in questions.iterator(chunk_size=500):
            yield self.entry(question, group_ids)

    def entry(self, question, group_ids) -> SearchEntry:
        body = plain(question.body_html)
        accepted = question.accepted_answer
        if accepted is not None and not accepted.hidden:
            body = f"{body} Réponse acceptée : {plain(accepted.body_html)}"
        territory = question.territory
        return SearchEntry(
            pk=question.pk,
            title=question.title,
            summary=Truncator(plain(question.body_html)).chars(300),
            body=body,
            url=question.get_absolute_url(),
            axis=Axis.KNOWLEDGE,
            date=question.created_at.date(),
            modified_at=question.updated_at,
            territories=[(territory.slug, territory.name)] if territory else [],
            themes=[(theme.slug, theme.name) for theme in question.themes.all()],
            public=question.is_public,
            group_ids=group_ids,
            status=ANSWERED if question.is_answered else UNANSWERED,
        )


SOURCE = QuestionSource()


def reindex(*questions) -> None:
    """Queue the (re)indexing of these questions once the transaction commits."""
    pks = [question.pk for question in questions]
    transaction.on_commit(lambda: source_items_changed.send(sender=SOURCE, pks=pks))
