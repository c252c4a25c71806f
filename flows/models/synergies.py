"""Synergies (idea → running) and the regional pooling opportunities."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from capitalisation.drafts import SynergyType

NON_NEGATIVE = [MinValueValidator(Decimal(0), "Une valeur négative n'a pas de sens ici.")]

# (field suffix, label, unit) — the suffixes are the dashboard's gain fields
GAINS = (
    ("waste_tonnes_avoided", "déchets évités", "t"),
    ("energy_mwh_saved", "énergie économisée", "MWh"),
    ("water_m3_saved", "eau économisée", "m³"),
    ("euros_saved", "économies", "€"),
    ("co2e_tonnes_avoided", "émissions évitées", "t CO2e"),
)


def gain(kind, label, unit):
    return models.DecimalField(
        f"{label} {kind} ({unit} par an)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )


class SynergyStage(models.TextChoices):
    IDEA = "idee", "Idée"
    STUDY = "etude", "À l'étude"
    RUNNING = "en_fonctionnement", "En fonctionnement"
    STOPPED = "arretee", "Arrêtée"


class Synergy(models.Model):
    title = models.CharField("intitulé", max_length=200)
    territory = models.ForeignKey(
        "portal.Territory", verbose_name="territoire", on_delete=models.PROTECT, related_name="+"
    )
    synergy_type = models.CharField("type de synergie", max_length=20, choices=SynergyType.choices)
    stage = models.CharField(
        "étape", max_length=20, choices=SynergyStage.choices, default=SynergyStage.IDEA
    )
    establishments = models.ManyToManyField(
        "flows.Establishment", verbose_name="établissements", blank=True, related_name="synergies"
    )
    flows = models.ManyToManyField(
        "flows.Flow", verbose_name="flux", blank=True, related_name="synergies"
    )
    description = models.TextField("description", blank=True)
    started_on = models.DateField("mise en œuvre le", null=True, blank=True)
    stopped_on = models.DateField("arrêtée le", null=True, blank=True)
    estimated_waste_tonnes_avoided = gain("estimés", *GAINS[0][1:])
    estimated_energy_mwh_saved = gain("estimée", *GAINS[1][1:])
    estimated_water_m3_saved = gain("estimée", *GAINS[2][1:])
    estimated_euros_saved = gain("estimées", *GAINS[3][1:])
    estimated_co2e_tonnes_avoided = gain("estimées", *GAINS[4][1:])
    measured_waste_tonnes_avoided = gain("mesurés", *GAINS[0][1:])
    measured_energy_mwh_saved = gain("mesurée", *GAINS[1][1:])
    measured_water_m3_saved = gain("mesurée", *GAINS[2][1:])
    measured_euros_saved = gain("mesurées", *GAINS[3][1:])
    measured_co2e_tonnes_avoided = gain("mesurées", *GAINS[4][1:])
    experience_feedback = models.ForeignKey(
        "capitalisation.ExperienceFeedbackPage",
        verbose_name="retour d'expérience",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pooling_opportunity = models.ForeignKey(
        "flows.PoolingOpportunity",
        verbose_name="opportunité de mutualisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="synergies",
    )
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "synergie"

    def __str__(self):
        return self.title

    def measured_gains(self):
        return {name: getattr(self, f"measured_{name}") for name, _, _ in GAINS}

    def estimated_gains(self):
        return {name: getattr(self, f"estimated_{name}") for name, _, _ in GAINS}


class PoolingStatus(models.TextChoices):
    OPEN = "ouverte", "Ouverte"
    ONGOING = "en_cours", "En cours"
    DONE = "aboutie", "Aboutie"
    DROPPED = "abandonnee", "Abandonnée"


class PoolingOpportunity(models.Model):
    """A recovery channel the regional animation tries to build by pooling similar flows."""

    title = models.CharField("intitulé", max_length=200)
    waste_code = models.ForeignKey(
        "flows.WasteCode",
        verbose_name="code déchet",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to={"level": "rubrique"},
    )
    category = models.CharField("catégorie", max_length=10, blank=True)
    status = models.CharField(
        "état", max_length=12, choices=PoolingStatus.choices, default=PoolingStatus.OPEN
    )
    invited_territories = models.ManyToManyField(
        "portal.Territory", verbose_name="territoires invités", blank=True, related_name="+"
    )
    notes = models.TextField("suivi", blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "opportunité de mutualisation"
        verbose_name_plural = "opportunités de mutualisation"

    def __str__(self):
        return self.title
