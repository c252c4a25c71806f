from django import forms

from flows.importing import max_upload_bytes
from flows.models import (
    BusinessCase,
    Commune,
    Establishment,
    ImpactNature,
    ImpactRecord,
    PoolingOpportunity,
    Synergy,
)
from flows.reference import resolve_commune
from portal.forms import CleanTextFormMixin, IsoDateInput


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


class SynergyProgressForm(CleanTextFormMixin, forms.ModelForm):
    """The stage and what it requires: a reason to stop or abandon, the regulatory status
    of a hazardous waste exchanged by a running synergy."""

    class Meta:
        model = Synergy
        fields = [
            "stage",
            "started_on",
            "stopped_on",
            "end_reason",
            "end_reason_text",
            "regulatory_status",
            "co2e_factor_override",
            "co2e_factor_justification",
        ]
        widgets = {
            "started_on": IsoDateInput,
            "stopped_on": IsoDateInput,
            "end_reason_text": forms.Textarea(attrs={"rows": 2}),
            "co2e_factor_justification": forms.Textarea(attrs={"rows": 2}),
        }


class SynergyCreateForm(CleanTextFormMixin, forms.ModelForm):
    """A synergy created from a match, a pooling opportunity or the workshop: the flows
    and establishments offered are those the facilitator came with."""

    class Meta:
        model = Synergy
        fields = ["title", "territory", "synergy_type", "flows", "establishments", "description"]
        widgets = {
            "flows": forms.CheckboxSelectMultiple,
            "establishments": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, flows, establishments, territories, labels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["flows"].queryset = flows
        self.fields["establishments"].queryset = establishments
        self.fields["territory"].queryset = territories
        self.fields["territory"].empty_label = None
        self.fields["flows"].label_from_instance = lambda flow: labels["flows"][flow.pk]
        self.fields["establishments"].label_from_instance = lambda site: labels["sites"][site.pk]

    def clean(self):
        cleaned = super().clean()
        flows = cleaned.get("flows")
        sites = cleaned.get("establishments")
        if flows is not None and sites is not None:
            missing = {flow.establishment_id for flow in flows} - {site.pk for site in sites}
            if missing:
                self.add_error("establishments", "Cochez les établissements des flux choisis.")
        return cleaned


class BusinessCaseForm(CleanTextFormMixin, forms.ModelForm):
    class Meta:
        model = BusinessCase
        fields = [
            "quantity",
            "unit",
            "price_before",
            "transport_before",
            "handling_before",
            "taxes_before",
            "price_after",
            "transport_after",
            "handling_after",
            "taxes_after",
            "revenue_after",
            "investment",
            "one_off_costs",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class ImpactRecordForm(CleanTextFormMixin, forms.ModelForm):
    recompute_factor = forms.BooleanField(
        label="Reprendre le facteur CO2e actuel du tableau",
        required=False,
        help_text="Sinon le facteur déjà retenu pour ce bilan est gardé.",
    )

    class Meta:
        model = ImpactRecord
        fields = [
            "year",
            "nature",
            "recorded_on",
            "source",
            "confidence",
            "waste_tonnes_avoided",
            "operation_before",
            "operation_after",
            "virgin_material_tonnes",
            "water_m3_saved",
            "energy_mwh_saved",
            "co2e_tonnes_avoided",
            "euros_saved",
            "new_revenue_eur",
            "jobs",
        ]
        widgets = {"recorded_on": IsoDateInput}
        help_texts = {
            "co2e_tonnes_avoided": "Calculées à partir des tonnes et du facteur quand il "
            "y en a un ; sinon, saisissez-les."
        }

    def __init__(self, *args, synergy, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.synergy = synergy
        if not self.instance.pk:
            del self.fields["recompute_factor"]

    def clean(self):
        cleaned = super().clean()
        year, nature = cleaned.get("year"), cleaned.get("nature")
        duplicate = ImpactRecord.objects.filter(
            synergy=self.instance.synergy, year=year, nature=nature
        ).exclude(pk=self.instance.pk)
        if year and nature and duplicate.exists():
            raise forms.ValidationError(
                f"Cette synergie a déjà un bilan {ImpactNature(nature).label.lower()} "
                f"pour {year} : modifiez-le."
            )
        return cleaned
