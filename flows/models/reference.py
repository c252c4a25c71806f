"""Reference lists shipped in data/reference/ (see its README), loaded by `load_flow_reference`."""

from django.db import models


class WasteCode(models.Model):
    """A heading of the European List of Waste: chapter, sub-chapter or 6-digit code."""

    class Level(models.TextChoices):
        CHAPTER = "chapitre", "Chapitre"
        SUBCHAPTER = "sous-chapitre", "Sous-chapitre"
        CODE = "rubrique", "Rubrique"

    code = models.CharField("code", max_length=8, unique=True)
    level = models.CharField("niveau", max_length=15, choices=Level.choices)
    hazardous = models.BooleanField("dangereux", default=False)
    label = models.TextField("libellé")

    class Meta:
        ordering = ["code"]
        verbose_name = "code déchet"
        verbose_name_plural = "liste européenne des déchets"

    def __str__(self):
        return f"{self.display} – {self.label}"

    @property
    def display(self):
        """The code as the list writes it: an asterisk marks a hazardous waste."""
        return f"{self.code}*" if self.hazardous else self.code


def waste_code_field():
    """An optional 6-digit code of the European List of Waste (not a chapter)."""
    return models.ForeignKey(
        WasteCode,
        verbose_name="code déchet",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to={"level": WasteCode.Level.CODE},
    )


class TreatmentOperation(models.Model):
    """R1–R13 (recovery) and D1–D15 (disposal)."""

    code = models.CharField("code", max_length=4, unique=True)
    kind = models.CharField("type", max_length=20)
    label = models.TextField("libellé")

    class Meta:
        ordering = ["code"]
        verbose_name = "opération de traitement"
        verbose_name_plural = "opérations de traitement"

    def __str__(self):
        return f"{self.code} – {self.label}"


class Commune(models.Model):
    insee_code = models.CharField("code INSEE", max_length=5, unique=True)
    name = models.CharField("nom", max_length=120)
    name_key = models.CharField(max_length=120, db_index=True, editable=False)
    departement = models.CharField("département", max_length=3)
    latitude = models.DecimalField(max_digits=8, decimal_places=5)
    longitude = models.DecimalField(max_digits=8, decimal_places=5)
    postal_codes = models.CharField(
        "codes postaux", max_length=120, blank=True, help_text="Séparés par une espace."
    )
    epci_siren = models.CharField("SIREN de l'EPCI", max_length=9, blank=True, db_index=True)
    epci_name = models.CharField("intercommunalité (EPCI)", max_length=200, blank=True)
    population = models.PositiveIntegerField(null=True, blank=True)
    current_insee_code = models.CharField(
        "code INSEE actuel",
        max_length=5,
        blank=True,
        help_text="La commune à laquelle elle appartient aujourd'hui (fusions depuis 2018).",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "commune"

    def __str__(self):
        """'La Chapelle-Saint-Luc (10600)': the name and first postal code."""
        postal = self.postal_codes.split()
        return f"{self.name} ({postal[0] if postal else self.departement})"
