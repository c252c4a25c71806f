"""Synergies (idea → running) and the regional pooling opportunities."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from capitalisation.drafts import SynergyType
from flows.models.reference import waste_code_field
from portal.fields import member_field

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
    ABANDONED = "abandonnee", "Abandonnée"


# the funnel's path: each stage's next one (stopped and abandoned are ends)
FUNNEL_PATH = (SynergyStage.IDEA, SynergyStage.STUDY, SynergyStage.RUNNING)
ENDED_STAGES = (SynergyStage.STOPPED, SynergyStage.ABANDONED)


class EndReason(models.TextChoices):
    ECONOMIC = "economique", "Économique"
    REGULATORY = "reglementaire", "Réglementaire"
    TECHNICAL = "technique", "Technique"
    LOGISTICS = "logistique", "Logistique"
    COMPANY_GONE = "entreprise_fermee", "Entreprise fermée ou partie"
    NO_INTEREST = "desinteret", "Désintérêt"
    OTHER = "autre", "Autre"


class RegulatoryStatus(models.TextChoices):
    WASTE = "dechet", "Déchet"
    BY_PRODUCT = "sous_produit", "Sous-produit"
    END_OF_WASTE = "sortie_statut_dechet", "Sortie du statut de déchet"


def stage_errors(stage, reason, reason_text):
    """French errors of a stage without its required reason."""
    errors = {}
    if stage in ENDED_STAGES and not reason:
        errors["end_reason"] = "Une synergie arrêtée ou abandonnée doit en donner la raison."
    if stage in ENDED_STAGES and reason == EndReason.OTHER and not reason_text.strip():
        errors["end_reason_text"] = "Précisez la raison « Autre »."
    return errors


def hazardous_status_error(stage, regulatory_status, hazardous):
    if stage == SynergyStage.RUNNING and hazardous and not regulatory_status:
        return (
            "Une synergie en fonctionnement sur un déchet dangereux doit indiquer le statut "
            "réglementaire de la matière échangée (déchet, sous-produit ou sortie du statut "
            "de déchet)."
        )
    return None


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
    end_reason = models.CharField(
        "raison de l'arrêt ou de l'abandon", max_length=20, choices=EndReason.choices, blank=True
    )
    end_reason_text = models.TextField("précisions sur la raison", blank=True)
    regulatory_status = models.CharField(
        "statut réglementaire de la matière échangée",
        max_length=24,
        choices=RegulatoryStatus.choices,
        blank=True,
        help_text="Obligatoire pour une synergie en fonctionnement sur un déchet dangereux.",
    )
    co2e_factor_override = models.DecimalField(
        "facteur CO2e propre à la synergie (t CO2e évitées par t)",
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="Remplace le facteur du tableau pour cette synergie ; justifiez-le.",
    )
    co2e_factor_justification = models.TextField("justification du facteur propre", blank=True)
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved_stage = self.__dict__.get("stage") if self.pk else None
        self.changed_by = None  # who changes the stage (set by the views)

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Record every change of stage (who, when) as a `StageChange`."""
        changed = self.stage != self._saved_stage
        super().save(*args, **kwargs)
        if changed:
            ended = self.stage in ENDED_STAGES
            self.stage_changes.create(
                from_stage=self._saved_stage or "",
                to_stage=self.stage,
                changed_by=self.changed_by,
                reason=self.end_reason if ended else "",
                reason_text=self.end_reason_text if ended else "",
            )
            self._saved_stage = self.stage

    def is_hazardous(self, flows=None):
        """Whether one of its flows (or of `flows`, before they are saved) is a hazardous
        waste."""
        if flows is None:
            if not self.pk:
                return False
            flows = self.flows.select_related("waste_code")
        return any(flow.waste_code_id and flow.waste_code.hazardous for flow in flows)

    def main_waste_code(self):
        """The waste code the synergy is about: its first offer's, else any flow's."""
        flows = sorted(
            (f for f in self.flows.all() if f.waste_code_id),
            key=lambda f: (f.direction != "offre", f.pk),
        )
        return flows[0].waste_code.code if flows else None

    def clean(self):
        errors = stage_errors(self.stage, self.end_reason, self.end_reason_text)
        hazard = hazardous_status_error(self.stage, self.regulatory_status, self.is_hazardous())
        if hazard:
            errors["regulatory_status"] = hazard
        if self.co2e_factor_override is not None and not self.co2e_factor_justification.strip():
            errors["co2e_factor_justification"] = "Justifiez le facteur propre à la synergie."
        if errors:
            raise ValidationError(errors)

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
    waste_code = waste_code_field()
    category = models.CharField("catégorie", max_length=10, blank=True)
    status = models.CharField(
        "état", max_length=12, choices=PoolingStatus.choices, default=PoolingStatus.OPEN
    )
    invited_territories = models.ManyToManyField(
        "portal.Territory", verbose_name="territoires invités", blank=True, related_name="+"
    )
    notes = models.TextField("suivi", blank=True)
    opened_by = member_field()
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "opportunité de mutualisation"
        verbose_name_plural = "opportunités de mutualisation"

    def __str__(self):
        return self.title


class StageChange(models.Model):
    """One change of a synergy's stage: the funnel's history."""

    synergy = models.ForeignKey(Synergy, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField("étape précédente", max_length=20, blank=True)
    to_stage = models.CharField("nouvelle étape", max_length=20, choices=SynergyStage.choices)
    changed_at = models.DateTimeField("le", default=timezone.now, db_index=True)
    changed_by = member_field("par")
    reason = models.CharField("raison", max_length=20, choices=EndReason.choices, blank=True)
    reason_text = models.TextField("précisions", blank=True)

    class Meta:
        ordering = ["synergy", "changed_at", "pk"]
        verbose_name = "changement d'étape"
        verbose_name_plural = "changements d'étape"

    def __str__(self):
        return f"{self.synergy_id}: {self.from_stage} → {self.to_stage}"
