"""The query parameters of the portal's pages and JSON APIs (`?territoire=&annee=`), read
by forms, never by hand. A page that ignores a bad parameter reads `valid_values()` (the
fields that validated: a bad one is left out and the page shows everything for it); a page
or an API that refuses it answers 400 with `first_error()`, the French message. The list
pages that filter a queryset use django-filter instead (`flows.filters`)."""

import re

from django import forms
from django.core.exceptions import ValidationError

from portal.forms import CleanTextFormMixin
from portal.models import Territory
from portal.sanitize import clean_text

SLUG = re.compile(r"[-\w]{1,255}")
QUOTED_SLUG, QUOTED_YEAR = 60, 10  # characters of a bad value quoted in a message


def quoted(value, length) -> str:
    """A bad value as a message quotes it: without control characters, cut."""
    return clean_text(str(value)).strip()[:length]


class QueryForm(CleanTextFormMixin, forms.Form):
    """Bound to `request.GET` (or `request.POST`); a repeated parameter counts by its last
    value, as `QueryDict.get` reads it."""

    def valid_values(self) -> dict:
        self.is_valid()
        return self.cleaned_data

    def first_error(self) -> str:
        return next((errors[0] for errors in self.errors.values()), "")


class SlugChoiceField(forms.ModelChoiceField):
    """An object named by its slug (`?territoire=`, `?theme=`), optional. A value no slug
    can be (markup, spaces, a NUL byte PostgreSQL refuses) is an invalid choice without a
    query; `message` may quote the value (`%(value)s`, cut to 60 characters)."""

    def __init__(self, queryset, *, message=None, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(queryset, to_field_name="slug", **kwargs)
        if message:
            self.error_messages["invalid_choice"] = message

    def to_python(self, value):
        text = value.strip() if isinstance(value, str) else value
        if text in self.empty_values:
            return None
        if not SLUG.fullmatch(str(text)):
            raise self._invalid(text)
        try:
            return super().to_python(text)
        except ValidationError:
            raise self._invalid(text) from None

    def _invalid(self, text):
        return ValidationError(
            self.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": quoted(text, QUOTED_SLUG)},
        )


class YearField(forms.IntegerField):
    """A year (`?annee=`), optional, between two bounds. Any other value (letters, "²",
    twenty digits) is the one French `message`, which may quote it (`%(value)s`, cut to
    10 characters)."""

    def __init__(self, *, min_value, max_value, message, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)
        self.message = message

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError:
            params = {"value": quoted(value, QUOTED_YEAR)}
            raise ValidationError(self.message, code="invalid", params=params) from None


class TerritoryQueryForm(QueryForm):
    """`?territoire=<slug>`: one territory, or the whole region when absent."""

    territoire = SlugChoiceField(Territory.objects.all())
