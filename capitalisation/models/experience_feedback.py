from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index

from portal.axes import Axis
from portal.fields import ChoiceListField
from portal.models import KnowledgePageMixin

NON_NEGATIVE = [MinValueValidator(Decimal(0), "Une valeur négative n'a pas de sens ici.")]


class SynergyType(models.TextChoices):
    SUBSTITUTION = "substitution", "Substitution (les pertes des uns, ressources des autres)"
    POOLING = "mutualisation", "Mutualisation (achats, services, équipements partagés)"


class Flow(models.TextChoices):
    MATERIALS = "matieres", "Matières"
    ENERGY = "energie", "Énergie"
    WATER = "eau", "Eau"
    WASTE = "dechets", "Déchets"
    SERVICES = "services", "Services"


class SynergyStatus(models.TextChoices):
    IDEA = "idee", "Idée"
    STUDY = "etude", "À l'étude"
    RUNNING = "en_cours", "En fonctionnement"
    STOPPED = "arretee", "Arrêtée"


def gain_field(label, unit):
    return models.DecimalField(
        f"{label} ({unit} par an)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )


class ExperienceFeedbackPage(KnowledgePageMixin, Page):
    """Retour d'expérience: one synergy or action, its context, results and lessons."""

    axis = Axis.KNOWLEDGE

    partner_companies = models.TextField(
        "entreprises partenaires", blank=True, help_text="Une entreprise par ligne."
    )
    synergy_type = models.CharField("type de synergie", max_length=20, choices=SynergyType.choices)
    flows = ChoiceListField("flux concernés", item_choices=Flow.choices)
    status = models.CharField("état", max_length=20, choices=SynergyStatus.choices)
    year = models.PositiveSmallIntegerField(
        "année", validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    context = models.TextField("contexte", blank=True, help_text="Markdown.")
    actions = models.TextField("actions menées", blank=True, help_text="Markdown.")
    results = models.TextField("résultats", blank=True, help_text="Markdown.")
    lessons_learned = models.TextField("enseignements", blank=True, help_text="Markdown.")

    waste_tonnes_avoided = gain_field("déchets évités", "t")
    energy_mwh_saved = gain_field("énergie économisée", "MWh")
    water_m3_saved = gain_field("eau économisée", "m³")
    euros_saved = gain_field("économies", "€")
    co2e_tonnes_avoided = gain_field("émissions évitées", "t CO2e")
    jobs = models.PositiveIntegerField("emplois créés ou maintenus", null=True, blank=True)

    GAIN_FIELDS = (
        ("waste_tonnes_avoided", "t", "de déchets évités par an"),
        ("energy_mwh_saved", "MWh", "d'énergie économisée par an"),
        ("water_m3_saved", "m³", "d'eau économisée par an"),
        ("euros_saved", "€", "économisés par an"),
        ("co2e_tonnes_avoided", "t CO2e", "évitées par an"),
        ("jobs", "emplois", "créés ou maintenus"),
    )

    content_panels = [
        *Page.content_panels,
        *KnowledgePageMixin.metadata_panels,
        MultiFieldPanel(
            [
                FieldPanel("synergy_type"),
                FieldPanel("flows"),
                FieldPanel("status"),
                FieldPanel("year"),
                FieldPanel("partner_companies"),
            ],
            heading="La synergie",
        ),
        FieldPanel("context"),
        FieldPanel("actions"),
        FieldPanel("results"),
        MultiFieldPanel(
            [FieldPanel(name) for name, _, _ in GAIN_FIELDS], heading="Gains annuels chiffrés"
        ),
        FieldPanel("lessons_learned"),
        FieldPanel("body"),
        *KnowledgePageMixin.attachment_panels,
    ]
    search_fields = [
        *Page.search_fields,
        *KnowledgePageMixin.knowledge_search_fields,
        index.SearchField("partner_companies"),
        index.SearchField("context"),
        index.SearchField("actions"),
        index.SearchField("results"),
        index.SearchField("lessons_learned"),
        index.FilterField("synergy_type"),
        index.FilterField("status"),
        index.FilterField("year"),
    ]
    api_fields = [
        *KnowledgePageMixin.knowledge_api_fields,
        *(
            APIField(name)
            for name in (
                "partner_companies",
                "synergy_type",
                "flows",
                "status",
                "year",
                "context",
                "actions",
                "results",
                "lessons_learned",
            )
        ),
        *(APIField(name) for name, _, _ in GAIN_FIELDS),
    ]
    parent_page_types = ["portal.SectionPage"]
    subpage_types = []
    template = "capitalisation/experience_feedback_page.html"

    class Meta:
        verbose_name = "retour d'expérience"
        verbose_name_plural = "retours d'expérience"

    def partner_list(self):
        return [line.strip() for line in self.partner_companies.splitlines() if line.strip()]

    def flow_labels(self):
        return self._meta.get_field("flows").labels(self.flows)

    def gains(self):
        """The documented yearly gains, as (field, value, unit, label), skipping blanks."""
        return [
            (name, getattr(self, name), unit, label)
            for name, unit, label in self.GAIN_FIELDS
            if getattr(self, name) is not None
        ]
