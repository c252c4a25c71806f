"""The text cleaning every form of the portal applies, the widgets every form uses, and
the admin form of every knowledge page."""

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm

from portal.roles import is_regional_animator
from portal.sanitize import clean_text


class IsoDateInput(forms.DateInput):
    """`<input type=date>` for every date of the portal's forms: the browser reads and sends
    ISO dates only (with the French input format it shows an empty field, and a save
    without any change would erase the date); it displays them the French way itself."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class CleanTextFormMixin:
    """Text typed or pasted into any form of the portal is cleaned of control characters
    (`portal.sanitize.clean_text`) once each field is valid and before the form's own
    `clean()`: on one line for single-line inputs, tabs and line breaks kept for text
    areas and rich text. Every form class of the portal's apps starts with it."""

    def _clean_fields(self):
        super()._clean_fields()
        for name, value in list(self.cleaned_data.items()):
            if isinstance(value, str):
                single_line = isinstance(self.fields[name].widget, forms.widgets.Input)
                self.cleaned_data[name] = clean_text(value, multiline=not single_line)


class KnowledgePageForm(CleanTextFormMixin, WagtailAdminPageForm):
    """A facilitator keeps his own territory on the pages he edits: removing it would take
    the page out of his hands (portal.roles.territory_allows_edit) and out of his
    territory's, which only the regional animation may decide."""

    def clean(self):
        cleaned_data = super().clean()
        user = self.for_user
        territories = cleaned_data.get("territories")
        territory_id = getattr(user, "territory_id", None)
        if (
            territories is not None
            and territory_id
            and not is_regional_animator(user)
            and territory_id not in {territory.pk for territory in territories}
        ):
            self.add_error(
                "territories",
                forms.ValidationError(
                    "Gardez votre territoire parmi les territoires de la page : seule "
                    "l'animation régionale peut retirer une page à un territoire.",
                    code="own_territory",
                ),
            )
        return cleaned_data
