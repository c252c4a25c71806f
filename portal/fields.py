from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class ChoiceListField(models.JSONField):
    """A list of values taken from `choices`, edited as checkboxes, stored as JSON.

    Portable across SQLite and PostgreSQL, unlike ArrayField.
    """

    def __init__(self, *args, item_choices=(), **kwargs):
        self.item_choices = list(item_choices)
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["item_choices"] = self.item_choices
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        allowed = {key for key, _ in self.item_choices}
        unknown = [item for item in value or [] if item not in allowed]
        if unknown:
            raise ValidationError(f"Valeurs inconnues : {', '.join(map(str, unknown))}.")

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.item_choices,
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple,
            label=self.verbose_name.capitalize() if self.verbose_name else None,
            help_text=self.help_text,
        )

    def labels(self, value):
        names = dict(self.item_choices)
        return [names.get(item, item) for item in value or []]


def latitude_field(**kwargs):
    """An optional WGS84 latitude, to five decimals (about a metre)."""
    return _coordinate_field("latitude", 90, **kwargs)


def longitude_field(**kwargs):
    """An optional WGS84 longitude, to five decimals (about a metre)."""
    return _coordinate_field("longitude", 180, **kwargs)


def _coordinate_field(verbose_name, bound, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-bound), MaxValueValidator(bound)],
        **kwargs,
    )


def territory_field(related_name="+"):
    """The territory a record speaks for, optional and emptied if the territory is deleted."""
    return models.ForeignKey(
        "portal.Territory",
        verbose_name="territoire",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
    )


def member_field(verbose_name=None, **kwargs):
    """The member who did something, optional and emptied if the account is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **kwargs,
    )
