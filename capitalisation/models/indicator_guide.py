from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index

from portal.axes import Axis
from portal.models import KnowledgePageMixin


class CollectionFrequency(models.TextChoices):
    MONTHLY = "mensuelle", "Mensuelle"
    QUARTERLY = "trimestrielle", "Trimestrielle"
    YEARLY = "annuelle", "Annuelle"
    PROJECT = "projet", "À chaque projet"


class IndicatorPurpose(models.TextChoices):
    STEERING = "pilotage", "Pilotage opérationnel d'une démarche"
    EVALUATION = "evaluation", "Évaluation globale Grand Est"
    BOTH = "les_deux", "Pilotage et évaluation"


class IndicatorReference(models.TextChoices):
    ADEME = "ademe", "ADEME"
    ELIPSE = "elipse", "ELIPSE"
    NETWORK = "reseau", "Réseau régional"
    OTHER = "autre", "Autre"


class IndicatorAggregation(models.TextChoices):
    SUM = "somme", "Somme des territoires"
    AVERAGE = "moyenne", "Moyenne des territoires"
    LATEST = "derniere", "Somme des dernières valeurs connues (stock)"


class IndicatorVisibility(models.TextChoices):
    PUBLIC = "public", "Publique"
    MEMBERS = "membres", "Réservée aux membres du réseau"


class IndicatorGuidePage(KnowledgePageMixin, Page):
    """How one indicator is defined, computed and collected."""

    axis = Axis.INDICATORS

    code = models.SlugField(
        "code", max_length=40, unique=True, help_text="Par exemple : dechets-evites"
    )
    definition = models.TextField("définition")
    unit = models.CharField("unité", max_length=30)
    calculation_method = models.TextField("méthode de calcul", help_text="Markdown.")
    data_sources = models.TextField("sources de données", blank=True)
    collection_frequency = models.CharField(
        "fréquence de collecte",
        max_length=20,
        choices=CollectionFrequency.choices,
        default=CollectionFrequency.YEARLY,
    )
    purpose = models.CharField(
        "finalité", max_length=20, choices=IndicatorPurpose.choices, default=IndicatorPurpose.BOTH
    )
    reference = models.CharField(
        "référentiel",
        max_length=20,
        choices=IndicatorReference.choices,
        default=IndicatorReference.ADEME,
    )
    aggregation = models.CharField(
        "agrégation régionale",
        max_length=20,
        choices=IndicatorAggregation.choices,
        default=IndicatorAggregation.SUM,
        help_text="Comment les valeurs des territoires se combinent au niveau régional : "
        "somme, moyenne, ou somme des dernières valeurs connues de chaque territoire "
        "(pour un stock, comme un nombre de synergies en fonctionnement).",
    )
    visibility = models.CharField(
        "visibilité des valeurs",
        max_length=20,
        choices=IndicatorVisibility.choices,
        default=IndicatorVisibility.PUBLIC,
        help_text="Les valeurs réservées aux membres n'apparaissent pas aux visiteurs "
        "anonymes du tableau de bord.",
    )
    limits = models.TextField("limites", blank=True, help_text="Markdown.")
    example = models.TextField("exemple", blank=True, help_text="Markdown.")

    content_panels = [
        *Page.content_panels,
        *KnowledgePageMixin.metadata_panels,
        MultiFieldPanel(
            [
                FieldPanel("code"),
                FieldPanel("unit"),
                FieldPanel("aggregation"),
                FieldPanel("visibility"),
                FieldPanel("purpose"),
                FieldPanel("reference"),
            ],
            heading="L'indicateur",
        ),
        FieldPanel("definition"),
        FieldPanel("calculation_method"),
        FieldPanel("data_sources"),
        FieldPanel("collection_frequency"),
        FieldPanel("limits"),
        FieldPanel("example"),
        FieldPanel("body"),
        *KnowledgePageMixin.attachment_panels,
    ]
    search_fields = [
        *Page.search_fields,
        *KnowledgePageMixin.knowledge_search_fields,
        index.SearchField("code"),
        index.SearchField("definition"),
        index.SearchField("calculation_method"),
        index.SearchField("data_sources"),
        index.SearchField("limits"),
        index.SearchField("example"),
        index.FilterField("code"),
        index.FilterField("unit"),
        index.FilterField("collection_frequency"),
        index.FilterField("purpose"),
        index.FilterField("reference"),
        index.FilterField("aggregation"),
        index.FilterField("visibility"),
    ]
    api_fields = [
        *KnowledgePageMixin.knowledge_api_fields,
        *(
            APIField(name)
            for name in (
                "code",
                "definition",
                "unit",
                "aggregation",
                "visibility",
                "calculation_method",
                "data_sources",
                "collection_frequency",
                "purpose",
                "reference",
                "limits",
                "example",
            )
        ),
    ]
    parent_page_types = ["portal.SectionPage"]
    subpage_types = []
    template = "capitalisation/indicator_guide_page.html"

    class Meta:
        verbose_name = "guide d'indicateur"
        verbose_name_plural = "guides d'indicateurs"

    @property
    def title_without_unit(self):
        """'Eau économisée' for 'Eau économisée (m³)' of unit m³: pages that write the unit
        after the title write it once."""
        suffix = f"({self.unit})"
        if self.unit and self.title.rstrip().endswith(suffix):
            return self.title.rstrip()[: -len(suffix)].rstrip()
        return self.title

    @property
    def members_only(self):
        return self.visibility == IndicatorVisibility.MEMBERS
