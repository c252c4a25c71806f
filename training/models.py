"""Training-needs surveys (Wagtail form builder) and their answers, one per respondent."""

import uuid

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField, AbstractFormSubmission
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.search import index

from portal.axes import Axis
from portal.fields import territory_field
from portal.models import KnowledgePageMixin, Territory
from portal.ratelimit import request_over_limit
from training import summary, views
from training.forms import (
    HONEYPOT_FIELD,
    QUESTION_TYPES,
    STRUCTURE_TYPES,
    CustomFormBuilder,
    skills_of,
)

VIEW_PERMISSION = "training.view_surveyanswer"
DELETE_PERMISSION = "training.delete_surveyanswer"
DEFAULT_RATE_LIMIT = (10, 60)


def posts_rate_limited(request):
    """`TRAINING_RATE_LIMIT` = (posts, seconds) per member (per address when anonymous),
    default (10, 60); None (or 0 posts) switches the limit off, as the load bench does."""
    limit = getattr(settings, "TRAINING_RATE_LIMIT", DEFAULT_RATE_LIMIT)
    if not limit or not limit[0]:
        return False
    posts, seconds = limit
    return request_over_limit(request, "training:posts", posts, seconds)


class SurveyQuestion(AbstractFormField):
    page = ParentalKey(
        "training.TrainingNeedsSurveyPage", on_delete=models.CASCADE, related_name="form_fields"
    )
    field_type = models.CharField(
        "type de question", max_length=16, choices=QUESTION_TYPES, default="singleline"
    )
    field_type.required_on_save = True

    @property
    def skills(self):
        return skills_of(self) if self.field_type == "skill_scale" else []


class TrainingNeedsSurveyPage(RoutablePageMixin, KnowledgePageMixin, AbstractForm):
    """A training-needs survey built with Wagtail's form builder.

    One answer per network member (updated until the close date); anonymous answers
    only when `allow_anonymous` is set. Results, exports and the needs ranking are
    sub-pages reserved to the animators (`training.view_surveyanswer`).
    """

    axis = Axis.TRAINING
    form_builder = CustomFormBuilder

    intro = models.TextField("introduction", blank=True, help_text="Markdown.")
    opens_at = models.DateTimeField("ouverture", null=True, blank=True)
    closes_at = models.DateTimeField("clôture", null=True, blank=True)
    allow_anonymous = models.BooleanField(
        "réponses anonymes acceptées",
        default=False,
        help_text="Sinon, seuls les membres connectés peuvent répondre (une réponse chacun).",
    )
    consent_text = models.TextField(
        "texte de consentement",
        blank=True,
        help_text="Si rempli, le répondant doit cocher une case portant ce texte pour envoyer.",
    )
    thank_you_text = models.TextField("message de remerciement", blank=True, help_text="Markdown.")
    public_summary = models.BooleanField(
        "synthèse publique",
        default=False,
        help_text=(
            "Publie sous l'enquête une synthèse chiffrée (questions à choix et à notes, "
            "groupes d'au moins 5 réponses, jamais de réponse libre) et la signale sur la page."
        ),
    )

    content_panels = [
        *AbstractForm.content_panels,
        *KnowledgePageMixin.metadata_panels,
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading="Campagne"),
        MultiFieldPanel(
            [FieldPanel("allow_anonymous"), FieldPanel("consent_text")], heading="Répondants"
        ),
        InlinePanel("form_fields", label="Questions", heading="Questions"),
        MultiFieldPanel(
            [FieldPanel("thank_you_text"), FieldPanel("public_summary")], heading="Après l'envoi"
        ),
        FieldPanel("body"),
        *KnowledgePageMixin.attachment_panels,
    ]
    search_fields = [
        *AbstractForm.search_fields,
        *KnowledgePageMixin.knowledge_search_fields,
        index.SearchField("intro"),
        index.SearchField("question_labels"),
        index.FilterField("opens_at"),
        index.FilterField("closes_at"),
    ]
    # Shown to respondents only, not content to find.
    search_unindexed_fields = (
        *KnowledgePageMixin.search_unindexed_fields,
        "consent_text",
        "thank_you_text",
    )
    api_fields = [
        *KnowledgePageMixin.knowledge_api_fields,
        APIField("intro"),
        APIField("opens_at"),
        APIField("closes_at"),
    ]
    parent_page_types = ["portal.SectionPage"]
    subpage_types = []
    template = "training/training_needs_survey_page.html"
    landing_page_template = "training/training_needs_survey_page_landing.html"

    class Meta:
        verbose_name = "enquête de besoins en formation"
        verbose_name_plural = "enquêtes de besoins en formation"

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "La clôture doit suivre l'ouverture."})

    @property
    def is_open(self):
        now = timezone.now()
        return (self.opens_at is None or self.opens_at <= now) and (
            self.closes_at is None or now < self.closes_at
        )

    @cached_property
    def questions(self):
        return list(self.get_form_fields())

    def skills(self):
        """Every skill rated in this survey, in question order, without duplicates."""
        return list(dict.fromkeys(s for q in self.questions for s in q.skills))

    def get_submission_class(self):
        return SurveyAnswer

    def question_labels(self) -> list[str]:
        return [field.label for field in self.form_fields.all()]

    # --- answering --------------------------------------------------------------
    def may_answer(self, user):
        return user.is_authenticated or self.allow_anonymous

    def previous_answer(self, user):
        if not user.is_authenticated:
            return None
        return SurveyAnswer.objects.filter(page=self, respondent_key=member_key(user)).first()

    def serve(self, request, view=None, args=None, kwargs=None):
        if view is None:
            return self.serve_survey(request)
        return super().serve(request, view, args, kwargs)

    def serve_preview(self, request, mode_name):
        if mode_name == "landing":
            return self.render_landing_page(request)
        return super().serve_preview(request, mode_name)

    @path("", name="survey")
    def survey_view(self, request):
        return self.serve_survey(request)

    def serve_survey(self, request):
        user = request.user
        previous = self.previous_answer(user)
        if request.method != "POST":
            form = None
            if self.is_open and self.may_answer(user):
                form = self.get_form(
                    page=self, user=user, initial=self.initial_data(user, previous)
                )
            return self.render_survey(request, form, previous)

        if not self.is_open or not self.may_answer(user):
            return self.render_survey(request, None, previous)
        if posts_rate_limited(request):
            return TemplateResponse(
                request,
                "training/too_many_requests.html",
                {"page": self, "self": self},
                status=429,
            )
        if request.POST.get(HONEYPOT_FIELD):
            # A robot filled the field hidden from people: pretend, keep nothing.
            return self.render_landing_page(request)
        form = self.get_form(request.POST, request.FILES, page=self, user=user)
        if not form.is_valid():
            return self.render_survey(request, form, previous)
        answer, created = self.save_answer(form, request)
        return self.render_landing_page(request, answer, updated=not created)

    def initial_data(self, user, previous):
        initial = dict(previous.form_data) if previous else {}
        if user.is_authenticated and getattr(user, "territory_id", None):
            for question in self.questions:
                if question.field_type == "territory" and question.clean_name not in initial:
                    initial[question.clean_name] = user.territory.slug
        return initial

    def render_survey(self, request, form, previous):
        context = self.get_context(request)
        context.update(
            form=form,
            previous_answer=previous,
            login_required=not self.may_answer(request.user),
            honeypot_field=HONEYPOT_FIELD,
        )
        return TemplateResponse(request, self.get_template(request), context)

    def render_landing_page(self, request, form_submission=None, *args, updated=False, **kwargs):
        # The thank-you page shows no "Voir aussi": skip the knowledge pages' related-pages
        # search, which would otherwise run (on Elasticsearch in production) on every post.
        context = super(KnowledgePageMixin, self).get_context(request)
        context.update(form_submission=form_submission, updated=updated)
        return TemplateResponse(request, self.get_landing_page_template(request), context)

    def profile_of(self, data):
        """The respondent's territory (object), structure type and role in `data`."""
        profile = {"territory": None, "structure_type": "", "role": ""}
        for question in self.questions:
            value = data.get(question.clean_name)
            if not value:
                continue
            if question.field_type == "territory" and profile["territory"] is None:
                profile["territory"] = Territory.objects.filter(slug=value).first()
            elif question.field_type == "structure_type" and not profile["structure_type"]:
                profile["structure_type"] = value
            elif question.field_type == "role" and not profile["role"]:
                profile["role"] = str(value)[:200]
        return profile

    def save_answer(self, form, request):
        """Create or update the respondent's answer: concurrent posts, one row, none lost."""
        data = form.answer_data()
        user = request.user if request.user.is_authenticated else None
        key = member_key(user) if user else f"anonyme:{uuid.uuid4().hex}"
        return self.store_answer(key, data, user=user)

    def store_answer(self, key, data, user=None, when=None):
        values = {"form_data": data, **self.profile_of(data), "user": user}
        when = when or timezone.now()
        for _attempt in range(3):
            try:
                with transaction.atomic():
                    updated = SurveyAnswer.objects.filter(page=self, respondent_key=key).update(
                        **values, updated=when
                    )
                    if updated:
                        return SurveyAnswer.objects.get(page=self, respondent_key=key), False
                    answer = SurveyAnswer.objects.create(
                        page=self, respondent_key=key, updated=when, **values
                    )
                    return answer, True
            except IntegrityError:
                continue  # another request created it meanwhile: update it
        raise IntegrityError(f"Impossible d'enregistrer la réponse {key}.")

    @path("synthese/", name="summary")
    def summary_view(self, request):
        return summary.summary_view(request, self)

    def summary_url(self):
        return self.url + self.reverse_subpage("summary")

    # --- results (animators) ----------------------------------------------------
    def check_results_permission(self, request, perm=VIEW_PERMISSION):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm(perm):
            raise PermissionDenied
        return None

    @path("resultats/", name="results")
    def results_view(self, request):

        return self.check_results_permission(request) or views.results(request, self)

    @path("resultats/export/<str:fmt>/", name="export")
    def export_view(self, request, fmt):

        return self.check_results_permission(request) or views.export(request, self, fmt)

    @path("resultats/comparaison/", name="compare")
    def compare_view(self, request):

        return self.check_results_permission(request) or views.compare(request, self)

    @path("resultats/effacer/", name="erase")
    def erase_view(self, request):

        return self.check_results_permission(request, DELETE_PERMISSION) or views.erase(
            request, self
        )

    def results_url(self, name="results", **kwargs):
        return self.url + self.reverse_subpage(name, kwargs=kwargs or None)


def member_key(user):
    return f"membre:{user.pk}"


class SurveyAnswer(AbstractFormSubmission):
    """One respondent's answer to one survey; `form_data` maps question → answer."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="membre",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_answers",
    )
    respondent_key = models.CharField(
        "répondant",
        max_length=64,
        help_text="membre:<id> pour un membre, anonyme:<jeton> sinon.",
    )
    territory = territory_field()
    structure_type = models.CharField(
        "type de structure", max_length=30, blank=True, choices=STRUCTURE_TYPES
    )
    role = models.CharField("fonction", max_length=200, blank=True)
    updated = models.DateTimeField("mise à jour", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "réponse à une enquête"
        verbose_name_plural = "réponses aux enquêtes"
        ordering = ["submit_time", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "respondent_key"], name="training_one_answer_per_respondent"
            ),
            models.UniqueConstraint(
                fields=["page", "user"],
                condition=models.Q(user__isnull=False),
                name="training_one_answer_per_member",
            ),
        ]

    def __str__(self):
        return f"{self.respondent_key} ({self.submit_time:%d/%m/%Y})"

    def get_data(self):
        return {**super().get_data(), "updated": self.updated}

    @classmethod
    def erase_member(cls, user):
        """Delete every survey answer of a member (right to erasure). Returns the count."""
        deleted, _ = cls.objects.filter(
            models.Q(user=user) | models.Q(respondent_key=member_key(user))
        ).delete()
        return deleted
