from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.axes import Axis
from portal.models import KnowledgePageMixin


class MonitoringCategory(models.TextChoices):
    REGULATION = "reglementation", "Réglementation"
    FUNDING = "appel_a_projets", "Appel à projets / financement"
    EVENT = "evenement", "Événement"
    STUDY = "etude", "Étude"
    NEWS = "actualite", "Actualité"


class MonitoringDigestPage(KnowledgePageMixin, Page):
    """A monitoring digest for one period: an editorial and the items selected for it."""

    axis = Axis.MONITORING

    period_start = models.DateField("début de la période")
    period_end = models.DateField("fin de la période")
    editorial = models.TextField("éditorial", blank=True, help_text="Markdown.")

    content_panels = [
        *Page.content_panels,
        *KnowledgePageMixin.metadata_panels,
        MultiFieldPanel([FieldPanel("period_start"), FieldPanel("period_end")], heading="Période"),
        FieldPanel("editorial"),
        InlinePanel("items", label="Élément de veille", heading="Éléments de veille"),
        FieldPanel("body"),
        *KnowledgePageMixin.attachment_panels,
    ]
    search_fields = [
        *Page.search_fields,
        *KnowledgePageMixin.knowledge_search_fields,
        index.SearchField("editorial"),
    ]
    api_fields = [
        *KnowledgePageMixin.knowledge_api_fields,
        APIField("period_start"),
        APIField("period_end"),
        APIField("editorial"),
        APIField("items"),
    ]
    parent_page_types = ["portal.SectionPage"]
    subpage_types = []
    template = "veille/monitoring_digest_page.html"

    class Meta:
        verbose_name = "lettre de veille"
        verbose_name_plural = "lettres de veille"

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": "La fin de la période précède son début."})

    def search_text_parts(self):
        items = [f"{item.title} {item.source} {item.summary}" for item in self.items.all()]
        return [self.editorial, *items, *super().search_text_parts()]


class MonitoringItem(Orderable):
    digest = ParentalKey(MonitoringDigestPage, on_delete=models.CASCADE, related_name="items")
    title = models.CharField("titre", max_length=255)
    source = models.CharField("source", max_length=200, blank=True)
    link = models.URLField("lien", max_length=500, blank=True)
    date = models.DateField("date")
    category = models.CharField("catégorie", max_length=20, choices=MonitoringCategory.choices)
    summary = models.TextField("résumé", blank=True)
    themes = ParentalManyToManyField("portal.Theme", verbose_name="thématiques", blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("source"),
        FieldPanel("link"),
        FieldPanel("date"),
        FieldPanel("category"),
        FieldPanel("summary"),
        FieldPanel("themes"),
    ]
    api_fields = [
        APIField("title"),
        APIField("source"),
        APIField("link"),
        APIField("date"),
        APIField("category"),
        APIField("summary"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "élément de veille"
        verbose_name_plural = "éléments de veille"
