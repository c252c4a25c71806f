from django.core.exceptions import ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField
from wagtail.search import index

from portal.axes import Axis
from portal.models import KnowledgePageMixin


class SurveyQuestion(AbstractFormField):
    page = ParentalKey(
        "training.TrainingNeedsSurveyPage", on_delete=models.CASCADE, related_name="form_fields"
    )


class TrainingNeedsSurveyPage(KnowledgePageMixin, AbstractForm):
    """A training-needs survey built with Wagtail's form builder."""

    axis = Axis.TRAINING

    intro = models.TextField("introduction", blank=True, help_text="Markdown.")
    opens_at = models.DateTimeField("ouverture", null=True, blank=True)
    closes_at = models.DateTimeField("clôture", null=True, blank=True)
    thank_you_text = models.TextField("message de remerciement", blank=True, help_text="Markdown.")

    content_panels = [
        *AbstractForm.content_panels,
        *KnowledgePageMixin.metadata_panels,
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading="Campagne"),
        InlinePanel("form_fields", label="Questions", heading="Questions"),
        MultiFieldPanel([FieldPanel("thank_you_text")], heading="Après l'envoi"),
        FieldPanel("body"),
        *KnowledgePageMixin.attachment_panels,
    ]
    search_fields = [
        *AbstractForm.search_fields,
        *KnowledgePageMixin.knowledge_search_fields,
        index.SearchField("intro"),
    ]
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

    def serve(self, request, *args, **kwargs):
        if request.method == "POST" and not self.is_open:
            context = self.get_context(request)
            context["form"] = self.get_form(page=self, user=request.user)
            return TemplateResponse(request, self.get_template(request), context)
        return super().serve(request, *args, **kwargs)

    def search_text_parts(self):
        questions = [field.label for field in self.form_fields.all()]
        return [self.intro, *questions, *super().search_text_parts()]
