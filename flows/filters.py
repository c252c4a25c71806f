"""The query parameters of the flows pages and JSON APIs, never read by hand: the lists
by django-filter (a value that is not one of the choices is a French form error and a 400,
not a silent "everything"), the others by a `portal.query_forms.QueryForm` each."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.http import urlencode

from flows.funnel import MAX_YEAR, MIN_YEAR
from flows.matching import default_radius_km
from flows.models import Category, Direction, Flow, Synergy, SynergyStage
from flows.pooling import PoolingQueryError, parse_scope
from portal.forms import CleanTextFormMixin
from portal.models import Territory
from portal.query_forms import QueryForm, SlugChoiceField, YearField

MAX_RADIUS_KM = 500
RADIUS_RANGE = f"Le rayon doit être compris entre 0 et {MAX_RADIUS_KM} km."


class FilterForm(CleanTextFormMixin, forms.Form):
    """Fields named `f-<name>` in the page, as the templates' labels expect."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "f-%s")
        super().__init__(*args, **kwargs)


def choice(field_name, choices, label, empty_label="Tous"):
    return django_filters.ChoiceFilter(
        field_name=field_name, choices=choices, label=label, empty_label=empty_label
    )


class FlowFilter(django_filters.FilterSet):
    territoire = django_filters.ModelChoiceFilter(
        field_name="territory",
        to_field_name="slug",
        queryset=Territory.objects.order_by("name"),
        label="Territoire",
        empty_label="Tous",
    )
    sens = choice("direction", Direction.choices, "Sens")
    categorie = choice("category", Category.choices, "Catégorie", "Toutes")

    class Meta:
        model = Flow
        fields = []
        form = FilterForm


class SynergyFilter(django_filters.FilterSet):
    etape = choice("stage", SynergyStage.choices, "Étape", "Toutes")

    class Meta:
        model = Synergy
        fields = []
        form = FilterForm


def filter_query(filterset) -> str:
    """The valid filters as a query string, for the pagination links."""
    data = filterset.form.cleaned_data if filterset.is_valid() else {}
    params = {
        name: getattr(value, "slug", value)
        for name, value in data.items()
        if value not in (None, "")
    }
    return urlencode(params)


class PoolingQueryForm(QueryForm):
    """`?code=` (a waste code of the European list, however written) or `?categorie=`: the
    scope of the regional pooling, the code first (`flows.pooling.parse_scope`, whose
    French message a bad value gets). Also the hidden fields that open an opportunity."""

    code = forms.CharField(required=False)
    categorie = forms.CharField(required=False)

    def clean(self):
        data = super().clean()
        try:
            data["scope"] = parse_scope(data.get("code"), data.get("categorie"))
        except PoolingQueryError as problem:
            raise ValidationError(str(problem)) from None
        return data


class KilometresField(forms.DecimalField):
    """A distance as people type it: a decimal comma is a point."""

    def to_python(self, value):
        return super().to_python(value.replace(",", ".") if isinstance(value, str) else value)


class MatchQueryForm(QueryForm):
    """`?radius=` (km; the setting's default when absent) and `?mode=` of the matches API."""

    radius = KilometresField(
        required=False,
        max_value=MAX_RADIUS_KM,
        error_messages={
            "invalid": "Le rayon doit être un nombre de kilomètres.",
            "max_value": RADIUS_RANGE,
        },
    )
    mode = forms.ChoiceField(
        required=False,
        choices=[("echange", "Échange"), ("mutualisation", "Mutualisation")],
        error_messages={"invalid_choice": "Le mode doit être « echange » ou « mutualisation »."},
    )

    def clean_radius(self):
        radius = self.cleaned_data["radius"]
        if radius is None:
            return default_radius_km()
        if radius <= 0:
            raise ValidationError(RADIUS_RANGE)
        return float(radius)

    def clean_mode(self):
        return self.cleaned_data["mode"] or "echange"


class FunnelQueryForm(QueryForm):
    """`?territoire=<slug>&annee=<year>` of the synergy funnel API, both optional."""

    territoire = SlugChoiceField(
        Territory.objects.all(), message="Territoire inconnu : « %(value)s »."
    )
    annee = YearField(
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        message=f"Année invalide : « %(value)s » (une année de {MIN_YEAR} à {MAX_YEAR}).",
    )


class OpenDataQueryForm(QueryForm):
    """`?annee=` of the open data page and files: a year of four digits, or every year."""

    annee = YearField(
        min_value=1000,
        max_value=9999,
        message="Année « %(value)s » invalide : attendu par exemple 2025.",
    )
