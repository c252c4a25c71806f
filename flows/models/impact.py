"""What a synergy is worth: each company's business case, the yearly impact records and
the CO2e factor table they are computed with."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from flows.models.synergies import NON_NEGATIVE, Synergy

NO_NEGATIVE_PRICE = [MinValueValidator(Decimal(0), "Un prix ou un coût ne peut pas être négatif.")]
TONNE = Decimal("0.001")
CENT = Decimal("0.01")


def money(label, help_text=""):
    return models.DecimalField(
        label,
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=NO_NEGATIVE_PRICE,
        help_text=help_text,
    )


class BusinessCase(models.Model):
    """One company's side of a synergy: what it pays today, what it will pay, what it
    invests; the yearly saving and the payback follow."""

    synergy = models.ForeignKey(Synergy, on_delete=models.CASCADE, related_name="business_cases")
    establishment = models.ForeignKey(
        "flows.Establishment",
        verbose_name="entreprise",
        on_delete=models.CASCADE,
        related_name="business_cases",
    )
    quantity = models.DecimalField(
        "quantité annuelle concernée",
        max_digits=14,
        decimal_places=3,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0), "Une quantité ne peut pas être négative.")],
    )
    unit = models.CharField("unité", max_length=20, default="t")
    price_before = money("prix unitaire actuel (€)", "Élimination ou achat, par unité.")
    transport_before = money("transport actuel (€/an)")
    handling_before = money("manutention actuelle (€/an)")
    taxes_before = money("taxes actuelles (€/an)", "TGAP et autres taxes.")
    price_after = money("prix unitaire après la synergie (€)")
    transport_after = money("transport après (€/an)")
    handling_after = money("manutention après (€/an)")
    taxes_after = money("taxes après (€/an)")
    revenue_after = money("recettes nouvelles (€/an)", "Vente de la matière, par exemple.")
    investment = money("investissement (€)")
    one_off_costs = money("coûts ponctuels (€)", "Études, essais, formalités.")
    notes = models.TextField("hypothèses", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["synergy", "establishment__name"]
        verbose_name = "analyse économique"
        verbose_name_plural = "analyses économiques"
        constraints = [
            models.UniqueConstraint(
                fields=["synergy", "establishment"], name="flows_business_case_company"
            )
        ]

    def __str__(self):
        return f"{self.synergy} – {self.establishment}"

    @property
    def cost_before(self):
        return (
            self.quantity * self.price_before
            + self.transport_before
            + self.handling_before
            + self.taxes_before
        ).quantize(CENT)

    @property
    def cost_after(self):
        return (
            self.quantity * self.price_after
            + self.transport_after
            + self.handling_after
            + self.taxes_after
        ).quantize(CENT)

    @property
    def yearly_saving(self):
        return self.cost_before - self.cost_after + self.revenue_after

    @property
    def upfront(self):
        return self.investment + self.one_off_costs

    @property
    def payback_years(self):
        """Years to recover the upfront costs; None when it cannot be computed."""
        if not self.upfront:
            return Decimal(0)
        if self.yearly_saving <= 0:
            return None
        return (self.upfront / self.yearly_saving).quantize(Decimal("0.1"))

    @property
    def payback_problem(self):
        """Why there is no payback (in French), or ""."""
        if self.payback_years is not None:
            return ""
        if self.yearly_saving == 0:
            return (
                "Retour sur investissement non calculable : l'économie annuelle est nulle "
                "(division par zéro)."
            )
        return (
            "Pas de retour sur investissement : la synergie coûte plus chaque année "
            "qu'elle ne rapporte à cette entreprise."
        )


class EmissionFactor(models.Model):
    """t CO2e avoided per tonne kept from a destination, per material or waste heading;
    the animation keeps the table (source and year for each factor)."""

    waste_code_prefix = models.CharField(
        "chapitre, sous-chapitre ou code déchet",
        max_length=8,
        blank=True,
        help_text="« 15 », « 15 01 » ou « 15 01 03 » ; vide : toute matière.",
    )
    material = models.CharField("matière", max_length=120)
    operation = models.ForeignKey(
        "flows.TreatmentOperation",
        verbose_name="destination évitée (opération R/D)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="Vide : toute destination.",
    )
    factor = models.DecimalField("facteur (t CO2e évitées par t)", max_digits=10, decimal_places=4)
    source = models.CharField("source", max_length=200)
    year = models.PositiveSmallIntegerField("année de la source")
    is_demo = models.BooleanField("donnée de démonstration", default=False)

    class Meta:
        ordering = ["waste_code_prefix", "operation__code", "-year"]
        verbose_name = "facteur d'émission"
        verbose_name_plural = "facteurs d'émission (CO2e)"

    def __str__(self):
        where = f" – {self.operation.code}" if self.operation_id else ""
        return f"{self.material}{where} : {self.factor} t CO2e/t ({self.source}, {self.year})"

    @classmethod
    def lookup(cls, waste_code, operation_id):
        """The most specific factor for a waste code ('15 01 03' or None) and the
        destination avoided; the newest source wins among equals."""
        candidates = cls.objects.filter(
            models.Q(operation_id=operation_id) | models.Q(operation__isnull=True)
        )
        best = None
        for factor in candidates:
            prefix = factor.waste_code_prefix
            if prefix and not (waste_code or "").startswith(prefix):
                continue
            key = (len(prefix), factor.operation_id is not None, factor.year, factor.pk)
            if best is None or key > best[0]:
                best = (key, factor)
        return best[1] if best else None


class ImpactNature(models.TextChoices):
    ESTIMATED = "estime", "Estimé"
    MEASURED = "mesure", "Mesuré"


class Confidence(models.TextChoices):
    LOW = "faible", "Faible"
    MEDIUM = "moyenne", "Moyenne"
    HIGH = "forte", "Forte"


def figure(label, unit, places=2):
    return models.DecimalField(
        f"{label} ({unit})",
        max_digits=14,
        decimal_places=places,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )


# (field, label, unit) of an impact record, in the order reports show them
IMPACT_FIGURES = (
    ("waste_tonnes_avoided", "Déchets évités", "t"),
    ("virgin_material_tonnes", "Matière vierge économisée", "t"),
    ("water_m3_saved", "Eau économisée", "m³"),
    ("energy_mwh_saved", "Énergie économisée", "MWh"),
    ("co2e_tonnes_avoided", "Émissions évitées", "t CO2e"),
    ("euros_saved", "Économies", "€"),
    ("new_revenue_eur", "Recettes nouvelles", "€"),
    ("jobs", "Emplois créés ou maintenus", "emplois"),
)


class ImpactRecord(models.Model):
    """A synergy's impact in one year, estimated then measured. The CO2e factor used is
    kept with the figure: a later change of the table does not rewrite the past."""

    synergy = models.ForeignKey(Synergy, on_delete=models.CASCADE, related_name="impacts")
    year = models.PositiveSmallIntegerField("année")
    nature = models.CharField(
        "nature", max_length=8, choices=ImpactNature.choices, default=ImpactNature.ESTIMATED
    )
    recorded_on = models.DateField("date", default=timezone.localdate)
    source = models.CharField("source", max_length=200, help_text="Qui a fourni les chiffres.")
    confidence = models.CharField(
        "confiance", max_length=8, choices=Confidence.choices, default=Confidence.MEDIUM
    )
    waste_tonnes_avoided = figure("déchets évités", "t", 3)
    operation_before = models.ForeignKey(
        "flows.TreatmentOperation",
        verbose_name="destination évitée (avant)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    operation_after = models.ForeignKey(
        "flows.TreatmentOperation",
        verbose_name="nouvelle destination (après)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    virgin_material_tonnes = figure("matière vierge économisée", "t", 3)
    water_m3_saved = figure("eau économisée", "m³")
    energy_mwh_saved = figure("énergie économisée", "MWh", 3)
    co2e_tonnes_avoided = figure("émissions évitées", "t CO2e", 3)
    co2e_factor = models.DecimalField(
        "facteur CO2e utilisé (t CO2e/t)", max_digits=10, decimal_places=4, null=True, blank=True
    )
    co2e_factor_source = models.CharField("source du facteur", max_length=300, blank=True)
    euros_saved = figure("économies", "€")
    new_revenue_eur = figure("recettes nouvelles", "€")
    jobs = figure("emplois créés ou maintenus", "emplois", 1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["synergy", "year", "nature"]
        verbose_name = "bilan d'impact"
        verbose_name_plural = "bilans d'impact"
        constraints = [
            models.UniqueConstraint(
                fields=["synergy", "year", "nature"], name="flows_impact_synergy_year"
            )
        ]
        indexes = [models.Index(fields=["year", "nature"], name="flows_impact_year")]

    def __str__(self):
        return f"{self.synergy} – {self.year} ({self.get_nature_display()})"

    def clean(self):
        if self.year and not 1990 <= self.year <= timezone.localdate().year + 10:
            raise ValidationError({"year": "Année hors des bornes (1990 à dans dix ans)."})

    def apply_factor(self, waste_code=None):
        """Compute CO2e from the tonnes and a factor: the one already kept, else the
        synergy's own, else the table's. Without tonnes or factor, CO2e stays as typed."""
        if self.waste_tonnes_avoided is None:
            return
        if self.co2e_factor is None:
            synergy = self.synergy
            if synergy.co2e_factor_override is not None:
                self.co2e_factor = synergy.co2e_factor_override
                self.co2e_factor_source = (
                    f"Facteur propre à la synergie : {synergy.co2e_factor_justification}"
                )[:300]
            else:
                found = EmissionFactor.lookup(waste_code, self.operation_before_id)
                if found is None:
                    return
                self.co2e_factor = found.factor
                self.co2e_factor_source = f"{found.material} – {found.source} ({found.year})"[:300]
        self.co2e_tonnes_avoided = (self.waste_tonnes_avoided * self.co2e_factor).quantize(TONNE)

    def figures(self):
        return {name: getattr(self, name) for name, _, _ in IMPACT_FIGURES}
