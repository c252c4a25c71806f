"""Wagtail admin views of the surveys. Loaded once the models are (Wagtail's form views
import the page model): `TrainingConfig.ready` plugs them into the survey page."""

from wagtail.contrib.forms.views import SubmissionsListView

from portal.exports import safe_cell


class SafeSubmissionsListView(SubmissionsListView):
    """Wagtail's list of a survey's submissions, whose CSV and XLSX exports
    (`?export=csv|xlsx`) pass every cell and heading through the portal's
    `portal.exports.safe_cell`: no live formula, no control character."""

    def preprocess_field_value(self, field, value, export_format):
        return safe_cell(super().preprocess_field_value(field, value, export_format))

    def get_heading(self, queryset, field):
        return safe_cell(super().get_heading(queryset, field))
