"""The admin form of every knowledge page, and the widgets every form of the portal uses."""

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm

from portal.roles import is_regional_animator


class IsoDateInput(forms.DateInput):
    """`<input type=date>` for every date of the portal's forms: the browser reads and sends
    ISO dates only (with the French input format it shows an empty field, and a save
    without any change would erase the date); it displays them the French way itself."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class KnowledgePageForm(WagtailAdminPageForm):
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
