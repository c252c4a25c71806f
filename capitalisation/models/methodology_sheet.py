from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.axes import Axis
from portal.blocks import StepBlock
from portal.models import KnowledgePageMixin


class Difficulty(models.IntegerChoices):
    EASY = 1, "Accessible"
    MEDIUM = 2, "Intermédiaire"
    HARD = 3, "Avancée"


class MethodologySheetPage(KnowledgePageMixin, Page):
    """Fiche méthodologique: how to run one step of an EIT programme."""

    axis = Axis.KNOWLEDGE

    objective = models.TextField("objectif")
    when_to_use = models.TextField("quand l'utiliser", blank=True, help_text="Markdown.")
    steps = StreamField(
        [("step", StepBlock())], verbose_name="étapes", blank=True, use_json_field=True
    )
    duration = models.CharField(
        "durée", max_length=100, blank=True, help_text="Par exemple : 3 à 6 mois"
    )
    difficulty = models.PositiveSmallIntegerField(
        "difficulté", choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    prerequisites = models.TextField("prérequis", blank=True, help_text="Markdown.")

    content_panels = [
        *Page.content_panels,
        *KnowledgePageMixin.metadata_panels,
        FieldPanel("objective"),
        FieldPanel("when_to_use"),
        MultiFieldPanel(
            [FieldPanel("duration"), FieldPanel("difficulty"), FieldPanel("prerequisites")],
            heading="Mise en œuvre",
        ),
        FieldPanel("steps"),
        FieldPanel("body"),
        *KnowledgePageMixin.attachment_panels,
    ]
    search_fields = [
        *Page.search_fields,
        *KnowledgePageMixin.knowledge_search_fields,
        index.SearchField("objective"),
        index.SearchField("when_to_use"),
        index.SearchField("prerequisites"),
        index.SearchField("steps"),
        index.SearchField("duration"),
        index.FilterField("difficulty"),
    ]
    api_fields = [
        *KnowledgePageMixin.knowledge_api_fields,
        *(
            APIField(name)
            for name in (
                "objective",
                "when_to_use",
                "steps",
                "duration",
                "difficulty",
                "prerequisites",
            )
        ),
    ]
    parent_page_types = ["portal.SectionPage"]
    subpage_types = []
    template = "capitalisation/methodology_sheet_page.html"

    class Meta:
        verbose_name = "fiche méthodologique"
        verbose_name_plural = "fiches méthodologiques"
