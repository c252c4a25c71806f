"""The admin form of indicator values: restricted by territory, errors in French."""

from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm

from capitalisation.models import IndicatorGuidePage
from portal.forms import CleanTextFormMixin
from portal.models import Territory
from portal.roles import is_regional_animator

OTHER_TERRITORY = "Vous ne pouvez saisir que les valeurs de votre territoire ({territory})."
NO_TERRITORY = "Votre compte n'est rattaché à aucun territoire : demandez à l'animation régionale."


class IndicatorChoiceField(forms.ModelChoiceField):
    """Each indicator with its unit, so the value is entered in the right unit."""

    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.unit})"


class IndicatorValueForm(CleanTextFormMixin, WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.is_animator = user is not None and is_regional_animator(user)
        self.own_territory_id = getattr(user, "territory_id", None)
        if "indicator" in self.fields:
            old = self.fields["indicator"]
            self.fields["indicator"] = IndicatorChoiceField(
                queryset=IndicatorGuidePage.objects.order_by("title"),
                label=old.label,
                help_text="L'unité de l'indicateur est indiquée entre parenthèses.",
            )
        if "value" in self.fields and self.instance.indicator_id:
            self.fields["value"].help_text = f"En {self.instance.indicator.unit}."
        if not self.is_animator:
            self.fields.pop("validated", None)
            territory_field = self.fields.get("territory")
            if territory_field is not None:
                territory_field.queryset = Territory.objects.filter(pk=self.own_territory_id)
                territory_field.initial = self.own_territory_id
                territory_field.error_messages["invalid_choice"] = self._other_territory()

    def _other_territory(self):
        user = self.for_user
        territory = getattr(user, "territory", None)
        return OTHER_TERRITORY.format(territory=territory or "aucun")

    def clean_territory(self):
        territory = self.cleaned_data.get("territory")
        if self.is_animator or territory is None:
            return territory
        if not self.own_territory_id:
            raise ValidationError(NO_TERRITORY)
        if territory.pk != self.own_territory_id:
            raise ValidationError(self._other_territory())
        return territory

    def clean(self):
        cleaned = super().clean()
        # An existing value of another territory may not be moved or edited by a facilitator.
        if (
            not self.is_animator
            and self.instance.pk
            and self.instance.territory_id != self.own_territory_id
        ):
            raise ValidationError(self._other_territory())
        return cleaned

    def save(self, commit=True):
        instance = super().save(commit=False)
        # A facilitator's change must be validated again by the regional animation.
        if not self.is_animator and self.instance.pk and self.has_changed():
            instance.validated = False
        if commit:
            instance.save(user=self.for_user)
        return instance
