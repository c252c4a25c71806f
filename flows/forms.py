from django import forms

from flows.importing import max_upload_bytes
from flows.models import Commune, Establishment, PoolingOpportunity, Synergy
from flows.reference import resolve_commune
from portal.forms import CleanTextFormMixin, IsoDateInput
from portal.models import Territory


class CommuneField(forms.CharField):
    """A commune typed as people write it ("la chapelle saint luc", "St-Dizier", "10600",
    an INSEE code), resolved by `flows.reference.resolve_commune`; shown as
    "La Chapelle-Saint-Luc (10600)". A form saved unchanged keeps its commune."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 160)
        kwargs.setdefault(
            "help_text",
            "Nom (avec ou sans accents, tirets ni article), code postal ou code INSEE.",
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        commune = self._commune(value)
        return str(commune) if commune is not None else value

    @staticmethod
    def _commune(value):
        if isinstance(value, Commune):
            return value
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            return Commune.objects.filter(pk=value).first()
        return None

    def _clean_bound_field(self, bf):
        # as FileField does: the initial value tells an unchanged field
        return self.clean(bf.data, bf.initial)

    def clean(self, value, initial=None):
        text = super().clean(value)
        if not text:
            return None
        unchanged = self._commune(initial)
        if unchanged is not None and text == str(unchanged):
            return unchanged
        return resolve_commune(text)

    def has_changed(self, initial, data):
        return (self.prepare_value(initial) or "") != (data or "").strip()


class ImportForm(CleanTextFormMixin, forms.Form):
    file = forms.FileField(
        label="Fichier de flux",
        help_text="CSV (virgule ou point-virgule, UTF-8 ou Windows-1252) ou XLSX, "
        "avec les en-têtes du modèle.",
    )
    dry_run = forms.BooleanField(label="Vérifier seulement, sans rien importer", required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(
                f"Fichier trop volumineux ({upload.size // (1024 * 1024)} Mo, "
                f"{max_upload_bytes() // (1024 * 1024)} Mo au plus)."
            )
        return upload


class IntroductionForm(CleanTextFormMixin, forms.Form):
    message = forms.CharField(
        label="Votre message à l'animateur ou l'animatrice du territoire",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class OpenPoolingForm(CleanTextFormMixin, forms.ModelForm):
    class Meta:
        model = PoolingOpportunity
        fields = ["title", "invited_territories", "notes"]
        widgets = {"invited_territories": forms.CheckboxSelectMultiple}


class PoolingFollowForm(CleanTextFormMixin, forms.ModelForm):
    class Meta:
        model = PoolingOpportunity
        fields = ["status", "invited_territories", "notes"]
        widgets = {"invited_territories": forms.CheckboxSelectMultiple}


class WorkshopForm(CleanTextFormMixin, forms.Form):
    establishments = forms.ModelMultipleChoiceField(
        label="Établissements de l'atelier",
        queryset=Establishment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["establishments"].queryset = queryset


class SynergyIdeaForm(CleanTextFormMixin, forms.ModelForm):
    class Meta:
        model = Synergy
        fields = ["title", "synergy_type", "description"]


class TerritoryChoiceForm(CleanTextFormMixin, forms.Form):
    territoire = forms.ModelChoiceField(
        label="Territoire",
        queryset=Territory.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Toute la région",
    )


class SynergyProgressForm(CleanTextFormMixin, forms.ModelForm):
    class Meta:
        model = Synergy
        fields = [
            "stage",
            "started_on",
            "stopped_on",
            "estimated_waste_tonnes_avoided",
            "estimated_energy_mwh_saved",
            "estimated_water_m3_saved",
            "estimated_euros_saved",
            "estimated_co2e_tonnes_avoided",
            "measured_waste_tonnes_avoided",
            "measured_energy_mwh_saved",
            "measured_water_m3_saved",
            "measured_euros_saved",
            "measured_co2e_tonnes_avoided",
        ]
        widgets = {
            "started_on": IsoDateInput,
            "stopped_on": IsoDateInput,
        }
