"""The register: companies' sites and the resources they offer or seek."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from flows.codes import sector_label, siret_is_valid
from flows.models.reference import waste_code_field
from portal.fields import latitude_field, longitude_field
from search.service import normalize

CONFIRMATION_MAX_AGE = datetime.timedelta(days=365)
MAX_QUANTITY = Decimal("1e9")


def validate_siret(value):
    if value and not siret_is_valid(value):
        raise ValidationError(
            "Ce SIRET n'est pas valide : il faut 14 chiffres et une clé de contrôle juste.",
            code="siret",
        )


class Direction(models.TextChoices):
    OFFER = "offre", "Offre"
    NEED = "besoin", "Besoin"


class Category(models.TextChoices):
    MATERIALS = "matieres", "Matières"
    ENERGY = "energie", "Énergie"
    WATER = "eau", "Eau"
    WASTE = "dechets", "Déchets"
    SERVICES = "services", "Services et équipements"


class Unit(models.TextChoices):
    TONNE = "t", "t"
    KILOGRAM = "kg", "kg"
    CUBIC_METRE = "m3", "m³"
    LITRE = "L", "L"
    MWH = "MWh", "MWh"
    KWH = "kWh", "kWh"
    UNITS = "unites", "unités"
    PALLETS = "palettes", "palettes"
    HOURS = "heures", "heures"


# unit → (unit the annual quantity is kept in, factor)
BASE_UNITS = {
    Unit.TONNE: (Unit.TONNE, Decimal(1)),
    Unit.KILOGRAM: (Unit.TONNE, Decimal("0.001")),
    Unit.CUBIC_METRE: (Unit.CUBIC_METRE, Decimal(1)),
    Unit.LITRE: (Unit.CUBIC_METRE, Decimal("0.001")),
    Unit.MWH: (Unit.MWH, Decimal(1)),
    Unit.KWH: (Unit.MWH, Decimal("0.001")),
    Unit.UNITS: (Unit.UNITS, Decimal(1)),
    Unit.PALLETS: (Unit.PALLETS, Decimal(1)),
    Unit.HOURS: (Unit.HOURS, Decimal(1)),
}


class Frequency(models.TextChoices):
    YEAR = "an", "par an"
    MONTH = "mois", "par mois"
    WEEK = "semaine", "par semaine"
    ONCE = "ponctuel", "ponctuel"


PER_YEAR = {Frequency.YEAR: 1, Frequency.MONTH: 12, Frequency.WEEK: 52, Frequency.ONCE: 1}


class FlowStatus(models.TextChoices):
    ACTIVE = "actif", "Actif"
    ARCHIVED = "archive", "Archivé"


def _float(value):
    return None if value is None else float(value)


def annual_quantity(quantity, unit, frequency):
    """(quantity per year in the base unit, base unit)."""
    base, factor = BASE_UNITS[Unit(unit)]
    return (Decimal(quantity) * factor * PER_YEAR[Frequency(frequency)]).quantize(
        Decimal("0.001")
    ), str(base)


class Establishment(models.Model):
    """A company's site. Its identity is shown only as `flows.visibility` allows."""

    territory = models.ForeignKey(
        "portal.Territory", verbose_name="territoire", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("entreprise", max_length=200)
    siret = models.CharField("SIRET", max_length=14, blank=True, validators=[validate_siret])
    naf_code = models.CharField("code NAF", max_length=6, blank=True)
    commune = models.ForeignKey(
        "flows.Commune", verbose_name="commune", null=True, blank=True, on_delete=models.PROTECT
    )
    latitude = latitude_field(help_text="Vide : la position de la commune.")
    longitude = longitude_field()
    contact_name = models.CharField("contact", max_length=120, blank=True)
    contact_email = models.EmailField("courriel du contact", blank=True)
    contact_phone = models.CharField("téléphone du contact", max_length=30, blank=True)
    is_demo = models.BooleanField("donnée de démonstration", default=False)

    class Meta:
        ordering = ["territory__name", "name"]
        verbose_name = "établissement"
        constraints = [
            models.UniqueConstraint(fields=["territory", "name"], name="flows_establishment_name")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.commune_id and (self.latitude is None or self.longitude is None):
            self.latitude, self.longitude = self.commune.latitude, self.commune.longitude
        super().save(*args, **kwargs)
        self.flows.exclude(latitude=_float(self.latitude), longitude=_float(self.longitude)).update(
            latitude=_float(self.latitude), longitude=_float(self.longitude)
        )

    def clean(self):
        if self.commune_id is None and (self.latitude is None or self.longitude is None):
            raise ValidationError("Indiquez la commune ou les coordonnées du site.")

    @property
    def sector(self):
        return sector_label(self.naf_code)


class FlowQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=FlowStatus.ACTIVE)

    def to_confirm(self, today=None):
        today = today or timezone.localdate()
        return self.active().filter(
            models.Q(confirmed_on__isnull=True)
            | models.Q(confirmed_on__lt=today - CONFIRMATION_MAX_AGE)
        )


class Flow(models.Model):
    """A resource an establishment offers (a loss) or seeks (a need)."""

    establishment = models.ForeignKey(
        Establishment, verbose_name="établissement", on_delete=models.CASCADE, related_name="flows"
    )
    territory = models.ForeignKey(
        "portal.Territory",
        verbose_name="territoire",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    reference = models.CharField(
        "référence",
        max_length=60,
        blank=True,
        help_text="L'identifiant de l'animateur, unique par territoire.",
    )
    direction = models.CharField("sens", max_length=10, choices=Direction.choices)
    category = models.CharField("catégorie", max_length=10, choices=Category.choices)
    waste_code = waste_code_field()
    designation = models.CharField("désignation", max_length=200)
    designation_key = models.CharField(max_length=250, editable=False, default="")
    quantity = models.DecimalField(
        "quantité",
        max_digits=14,
        decimal_places=3,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_QUANTITY)],
    )
    unit = models.CharField("unité", max_length=10, choices=Unit.choices)
    frequency = models.CharField("fréquence", max_length=10, choices=Frequency.choices)
    annual_quantity = models.DecimalField(
        "quantité annuelle", max_digits=18, decimal_places=3, editable=False, default=0
    )
    annual_unit = models.CharField("unité annuelle", max_length=10, editable=False, default="")
    treatment = models.ForeignKey(
        "flows.TreatmentOperation",
        verbose_name="traitement actuel",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    annual_cost_eur = models.DecimalField(
        "coût annuel actuel (€)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    availability = models.CharField("disponibilité", max_length=200, blank=True)
    confirmed_on = models.DateField("confirmé le", null=True, blank=True)
    status = models.CharField(
        "état", max_length=10, choices=FlowStatus.choices, default=FlowStatus.ACTIVE
    )
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    # copies that keep matching to one table: the site's position, the code's sub-chapter
    latitude = models.FloatField(null=True, editable=False)
    longitude = models.FloatField(null=True, editable=False)
    waste_subchapter = models.CharField(max_length=5, blank=True, editable=False, default="")

    objects = FlowQuerySet.as_manager()

    class Meta:
        ordering = ["territory__name", "reference", "pk"]
        verbose_name = "flux"
        verbose_name_plural = "flux"
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "reference"],
                condition=~models.Q(reference=""),
                name="flows_flow_reference",
            )
        ]
        indexes = [
            models.Index(fields=["direction", "category", "latitude"], name="flows_match_category"),
            models.Index(fields=["direction", "waste_subchapter"], name="flows_match_subchapter"),
            models.Index(fields=["waste_code", "status"], name="flows_pooling_code"),
        ]

    def __str__(self):
        return f"{self.get_direction_display()} · {self.designation}"

    def save(self, *args, **kwargs):
        self.refresh_derived()
        super().save(*args, **kwargs)

    def refresh_derived(self):
        """The fields kept from others (bulk writes call it, as save() does)."""
        self.territory_id = self.establishment.territory_id
        self.latitude = _float(self.establishment.latitude)
        self.longitude = _float(self.establishment.longitude)
        self.waste_subchapter = self.waste_code.code[:5] if self.waste_code_id else ""
        self.designation_key = normalize(self.designation).strip()[:250]
        self.annual_quantity, self.annual_unit = annual_quantity(
            self.quantity, self.unit, self.frequency
        )

    @property
    def needs_confirmation(self):
        if self.confirmed_on is None:
            return True
        return self.confirmed_on < timezone.localdate() - CONFIRMATION_MAX_AGE

    @property
    def annual_unit_label(self):
        return Unit(self.annual_unit).label if self.annual_unit else ""
