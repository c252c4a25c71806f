"""Forms of the monitoring axis: the digest editor, the newsletter subscription, and the
query parameters of the feeds and the archive."""

from django import forms
from django.core.exceptions import ValidationError

from portal.forms import CleanTextFormMixin, KnowledgePageForm
from portal.models import Theme
from portal.query_forms import QueryForm, SlugChoiceField


class DigestPageForm(KnowledgePageForm):
    """Offers, in each composition line, only the items not yet in another digest."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        formset = self.formsets.get("selection")
        if formset is None:
            return
        queryset = self.instance.selectable_items()
        base_form = formset.form

        class LimitedItemForm(base_form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if "item" in self.fields:
                    self.fields["item"].queryset = queryset

        formset.form = LimitedItemForm

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("selection")
        if formset is not None and formset.is_valid():
            seen = set()
            for form in formset.forms:
                item = form.cleaned_data.get("item")
                if not item or form.cleaned_data.get("DELETE"):
                    continue
                if item.pk in seen:
                    form.add_error("item", "Cet élément figure déjà dans la lettre.")
                seen.add(item.pk)
        return cleaned


class ThemesField(forms.ModelMultipleChoiceField):
    """Refuses ids beyond the database's integer range with a form error: the `__in` query
    that checks them would otherwise fail (SQLite raises OverflowError, a server error)."""

    def _check_values(self, value):
        for pk in value:
            try:
                out_of_range = abs(int(pk)) > 2**63 - 1
            except (TypeError, ValueError):
                continue  # the parent class reports it
            if out_of_range:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class SubscriptionForm(CleanTextFormMixin, forms.Form):
    email = forms.EmailField(
        label="Votre adresse électronique",
        max_length=254,
        error_messages={
            "required": "Indiquez votre adresse électronique.",
            "invalid": "Cette adresse électronique n'est pas valide (exemple : nom@domaine.fr).",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    themes = ThemesField(
        label="Thématiques qui vous intéressent (facultatif : toutes si aucune)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Honeypot: hidden from people by CSS and aria-hidden, filled by naive bots.
    website = forms.CharField(label="Ne pas remplir ce champ", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.order_by("name")

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    @property
    def is_bot(self):
        return bool(self.data.get("website"))


class ThemeQueryForm(QueryForm):
    """`?theme=<slug>` of the feeds and the archive: a theme that does not exist matches
    nothing (an empty list, an empty valid feed), never everything."""

    theme = SlugChoiceField(Theme.objects.all())

    def theme_filter(self):
        """(the theme or None, whether a theme that does not exist was asked for)."""
        return self.valid_values().get("theme"), "theme" in self.errors


class ArchiveQueryForm(ThemeQueryForm):
    """The archive's `?theme=` and `?annee=`; a year without a digest is ignored."""

    annee = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)

    def __init__(self, data, *, years):
        super().__init__(data)
        self.fields["annee"].choices = [(str(year), str(year)) for year in years]
