"""The query parameters of the flows list pages, read by django-filter (never by hand): a
value that is not one of the choices is a French form error and a 400, not a silent
"everything"."""

import django_filters
from django import forms
from django.utils.http import urlencode

from flows.models import Category, Direction, Flow, Synergy, SynergyStage
from portal.forms import CleanTextFormMixin
from portal.models import Territory


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
