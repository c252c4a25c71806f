"""Questions to the network: a member asks, members answer and vote, the asker or the
regional animation accepts an answer; follows and notifications; reports for moderation."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from portal.fields import territory_field
from portal.roles import is_network_member, is_regional_animator
from portal.sanitize import render_markdown, safe_http_url

TITLE_MAX = 200
BODY_MAX = 10_000


class QuestionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What `user` may read: members every question the animation has not hidden, the
        animation everything, anyone else the public ones only."""
        if is_regional_animator(user):
            return self
        if is_network_member(user):
            return self.filter(hidden=False)
        return self.filter(hidden=False, is_public=True)

    def with_counts(self):
        return self.annotate(
            answer_count=Count("answers", filter=Q(answers__hidden=False), distinct=True)
        )

    def answered(self):
        return self.filter(first_answer_at__isnull=False)

    def unanswered(self):
        return self.filter(first_answer_at__isnull=True)


class Question(models.Model):
    title = models.CharField("question", max_length=TITLE_MAX)
    body = models.TextField("détails", max_length=BODY_MAX, help_text="Markdown.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        null=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    territory = territory_field()
    themes = models.ManyToManyField("portal.Theme", verbose_name="thématiques", related_name="+")
    links = models.TextField(
        "liens utiles",
        blank=True,
        help_text="Une adresse par ligne : un flux, une synergie, une page du portail…",
    )
    sign_publicly = models.BooleanField(
        "si la question devient publique, afficher mon nom", default=False
    )
    is_public = models.BooleanField("publique", default=False)
    hidden = models.BooleanField("masquée par l'animation", default=False)
    accepted_answer = models.ForeignKey(
        "questions.Answer",
        verbose_name="réponse acceptée",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("posée le", default=timezone.now, db_index=True)
    first_answer_at = models.DateTimeField("première réponse le", null=True, blank=True)
    accepted_at = models.DateTimeField("réponse acceptée le", null=True, blank=True)
    capitalised_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="capitalisée dans",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("mise à jour le", auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = "question au réseau"
        verbose_name_plural = "questions au réseau"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("questions:detail", args=[self.pk])

    @property
    def body_html(self):
        return render_markdown(self.body)

    @property
    def link_list(self) -> list[str]:
        """The links kept: site paths and http(s) addresses only."""
        links = []
        for line in self.links.splitlines():
            line = line.strip()
            if line.startswith("/") and not line.startswith("//"):
                links.append(line)
            elif safe_http_url(line):
                links.append(safe_http_url(line))
        return links

    @property
    def is_answered(self) -> bool:
        return self.first_answer_at is not None


class Answer(models.Model):
    question = models.ForeignKey(
        Question, verbose_name="question", on_delete=models.CASCADE, related_name="answers"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        null=True,
        on_delete=models.SET_NULL,
        related_name="question_answers",
    )
    body = models.TextField("réponse", max_length=BODY_MAX, help_text="Markdown.")
    sign_publicly = models.BooleanField(
        "si la question devient publique, afficher mon nom", default=False
    )
    hidden = models.BooleanField("masquée par l'animation", default=False)
    created_at = models.DateTimeField("publiée le", default=timezone.now)
    updated_at = models.DateTimeField("mise à jour le", auto_now=True)

    class Meta:
        verbose_name = "réponse"
        verbose_name_plural = "réponses"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Réponse à « {self.question} »"

    @property
    def body_html(self):
        return render_markdown(self.body)


class Vote(models.Model):
    """One "utile" per member per answer."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="question_votes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "vote"
        verbose_name_plural = "votes"
        constraints = [
            models.UniqueConstraint(fields=["answer", "voter"], name="questions_one_vote_each")
        ]

    def __str__(self):
        return f"{self.voter} : utile"


class Report(models.Model):
    """A member reports a question or an answer to the animation."""

    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="question_reports"
    )
    reason = models.CharField("motif", max_length=500)
    created_at = models.DateTimeField("signalé le", default=timezone.now)
    handled_at = models.DateTimeField("traité le", null=True, blank=True)

    class Meta:
        verbose_name = "signalement"
        verbose_name_plural = "signalements"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=False, answer__isnull=True)
                | Q(question__isnull=True, answer__isnull=False),
                name="questions_report_one_target",
            )
        ]

    def __str__(self):
        return f"Signalement : {self.reason[:60]}"

    @property
    def target_question(self):
        return self.question if self.question_id else self.answer.question


class Frequency(models.TextChoices):
    IMMEDIATE = "immediat", "à chaque nouveauté"
    DAILY = "quotidien", "un résumé par jour"


class Follow(models.Model):
    """A member follows a theme (new questions) or a question (new and accepted answers)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="question_follows"
    )
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.CASCADE, related_name="follows"
    )
    theme = models.ForeignKey(
        "portal.Theme", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    frequency = models.CharField(
        "fréquence", max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "suivi"
        verbose_name_plural = "suivis"
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=False, theme__isnull=True)
                | Q(question__isnull=True, theme__isnull=False),
                name="questions_follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "question"],
                condition=Q(question__isnull=False),
                name="questions_follow_question_once",
            ),
            models.UniqueConstraint(
                fields=["user", "theme"],
                condition=Q(theme__isnull=False),
                name="questions_follow_theme_once",
            ),
        ]

    def __str__(self):
        return f"{self.user} suit {self.question or self.theme}"

    @property
    def target_label(self) -> str:
        if self.question_id:
            return f"la question « {self.question.title} »"
        return f"la thématique « {self.theme.name} »"


class NotificationKind(models.TextChoices):
    QUESTION = "question", "nouvelle question"
    ANSWER = "reponse", "nouvelle réponse"
    ACCEPTED = "acceptee", "réponse acceptée"


class Notification(models.Model):
    """Something a follower is told about: sent at once or in the next daily summary;
    `sent_at` makes every sending run safe to repeat."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="question_notifications"
    )
    follow = models.ForeignKey(Follow, on_delete=models.CASCADE, related_name="notifications")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=NotificationKind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = "notification"
        verbose_name_plural = "notifications"
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "question", "answer", "kind"],
                condition=Q(answer__isnull=False),
                name="questions_notify_answer_once",
            ),
            models.UniqueConstraint(
                fields=["recipient", "question", "kind"],
                condition=Q(answer__isnull=True),
                name="questions_notify_question_once",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} pour {self.recipient}"
