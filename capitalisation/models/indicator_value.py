"""Declared values of the indicators: one territory, one indicator, one year.

Facilitators enter their territory's values in the Wagtail admin; the regional animation
validates them. Only validated values count in the public dashboard. Every creation,
change and deletion writes an `IndicatorValueHistory` row in the same transaction.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone

from portal.fields import member_field, territory_field
from portal.roles import is_regional_animator

MIN_YEAR = 1990
NEGATIVE_VALUE = "Une valeur négative n'a pas de sens pour cet indicateur."
FUTURE_YEAR = "L'année {year} est dans le futur : on ne saisit que des valeurs constatées."
DUPLICATE = (
    "Une valeur existe déjà pour ce territoire, cet indicateur et cette année : "
    "modifiez-la plutôt que d'en créer une seconde."
)


def current_year():
    return timezone.localdate().year


def validate_not_future(year):
    if year is not None and year > current_year():
        raise ValidationError(FUTURE_YEAR.format(year=year), code="future_year")


class IndicatorValueQuerySet(models.QuerySet):
    def validated(self):
        return self.filter(validated=True)

    def editable_by(self, user):
        """The values a user may see and edit in the admin."""
        if is_regional_animator(user):
            return self
        if getattr(user, "territory_id", None):
            return self.filter(territory_id=user.territory_id)
        return self.none()


class IndicatorValue(models.Model):
    territory = models.ForeignKey(
        "portal.Territory",
        verbose_name="territoire",
        on_delete=models.CASCADE,
        related_name="indicator_values",
    )
    indicator = models.ForeignKey(
        "capitalisation.IndicatorGuidePage",
        verbose_name="indicateur",
        on_delete=models.CASCADE,
        related_name="values",
    )
    year = models.PositiveSmallIntegerField(
        "année",
        validators=[
            MinValueValidator(MIN_YEAR, f"L'année doit être postérieure à {MIN_YEAR}."),
            validate_not_future,
        ],
    )
    value = models.DecimalField(
        "valeur",
        max_digits=16,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0), NEGATIVE_VALUE)],
        help_text="Dans l'unité de l'indicateur.",
    )
    source = models.CharField(
        "source", max_length=255, blank=True, help_text="Par exemple : bordereaux de suivi"
    )
    comment = models.TextField("commentaire", blank=True)
    entered_by = member_field("saisie par", editable=False)
    validated = models.BooleanField("validée", default=False)
    validated_by = member_field("validée par", editable=False)
    validated_at = models.DateTimeField("validée le", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = "valeur d'indicateur"
        verbose_name_plural = "valeurs d'indicateurs"
        ordering = ["territory__name", "indicator__title", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "indicator", "year"],
                name="capitalisation_indicator_value_unique",
                violation_error_message=DUPLICATE,
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0),
                name="capitalisation_indicator_value_not_negative",
                violation_error_message=NEGATIVE_VALUE,
            ),
        ]

    def __str__(self):
        return f"{self.indicator} · {self.territory} · {self.year}"

    # --- history -------------------------------------------------------------------
    def save(self, *args, user=None, **kwargs):
        """Save and write one history row in the same transaction (`user`: who did it)."""
        with transaction.atomic():
            old = None
            if self.pk:
                old = (
                    IndicatorValue.objects.filter(pk=self.pk)
                    .values("value", "validated", "year")
                    .first()
                )
            if user is not None and self.entered_by_id is None:
                self.entered_by = user
            if self.validated and self.validated_at is None:
                self.validated_at = timezone.now()
                if user is not None and self.validated_by_id is None:
                    self.validated_by = user
            if not self.validated:
                self.validated_at = None
                self.validated_by = None
            super().save(*args, **kwargs)
            if old is None:
                action = IndicatorValueHistory.Action.CREATED
            else:
                action = IndicatorValueHistory.Action.UPDATED
            self.record_history(
                action,
                old_value=old["value"] if old else None,
                new_value=self.value,
                old_validated=old["validated"] if old else None,
                new_validated=self.validated,
                user=user,
            )

    def delete(self, *args, user=None, **kwargs):
        with transaction.atomic():
            self.record_deletion(user=user)
            return super().delete(*args, **kwargs)

    def record_deletion(self, user=None, cascade=False):
        """One "deleted" row; in a cascade (its territory or indicator is being deleted) the
        row keeps only the labels, since the objects it would point at are going away."""
        self._deletion_recorded = True
        self.record_history(
            IndicatorValueHistory.Action.DELETED,
            old_value=self.value,
            new_value=None,
            old_validated=self.validated,
            new_validated=None,
            user=user,
            linked=not cascade,
        )

    def record_history(self, action, linked=True, **values):
        IndicatorValueHistory.objects.create(
            indicator_value=self if linked else None,
            territory_id=self.territory_id if linked else None,
            indicator_id=self.indicator_id if linked else None,
            territory_label=self.territory.name[:255],
            indicator_label=self.indicator.title[:255],
            year=self.year,
            action=action,
            **values,
        )

    @property
    def unit(self):
        return self.indicator.unit if self.indicator_id else ""


class IndicatorValueHistory(models.Model):
    """One change of an indicator value: who, when, old and new value."""

    class Action(models.TextChoices):
        CREATED = "creation", "Création"
        UPDATED = "modification", "Modification"
        DELETED = "suppression", "Suppression"

    indicator_value = models.ForeignKey(
        IndicatorValue,
        verbose_name="valeur",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="history",
    )
    # Kept beside the link so the row still says what it was about after a deletion; the
    # labels keep the audit trail readable once the territory or the indicator is deleted.
    territory = territory_field()
    indicator = models.ForeignKey(
        "capitalisation.IndicatorGuidePage",
        verbose_name="indicateur",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    territory_label = models.CharField("territoire (libellé)", max_length=255, blank=True)
    indicator_label = models.CharField("indicateur (libellé)", max_length=255, blank=True)
    year = models.PositiveSmallIntegerField("année")
    action = models.CharField("action", max_length=20, choices=Action.choices)
    old_value = models.DecimalField(
        "ancienne valeur", max_digits=16, decimal_places=2, null=True, blank=True
    )
    new_value = models.DecimalField(
        "nouvelle valeur", max_digits=16, decimal_places=2, null=True, blank=True
    )
    old_validated = models.BooleanField("validée avant", null=True, blank=True)
    new_validated = models.BooleanField("validée après", null=True, blank=True)
    user = member_field("par")
    at = models.DateTimeField("le", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "historique d'une valeur d'indicateur"
        verbose_name_plural = "historique des valeurs d'indicateurs"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.indicator_label} · {self.year}"


@receiver(pre_delete, sender=IndicatorValue)
def record_cascaded_deletion(sender, instance, origin=None, **kwargs):
    """A value deleted with its territory or indicator leaves its "deleted" row too."""
    if not getattr(instance, "_deletion_recorded", False):
        deleted_itself = (
            isinstance(origin, IndicatorValue) or getattr(origin, "model", None) is IndicatorValue
        )
        instance.record_deletion(cascade=not deleted_itself)
