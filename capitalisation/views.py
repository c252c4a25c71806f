"""The regional indicator dashboard (HTML, CSV, XLSX): thin views over dashboard.py."""

from django import forms
from django.shortcuts import render
from django.views.decorators.http import require_GET

from capitalisation import charts, exports
from capitalisation.dashboard import build_dashboard
from capitalisation.headlines import headline_figures
from capitalisation.models import IndicatorValue
from portal.charts import share_chart_styles
from portal.forms import CleanTextFormMixin
from portal.hooks import DASHBOARD_SECTIONS
from portal.models import Territory
from portal.roles import is_network_member
from portal.sections import collect_sections
from portal.spreadsheets import download


class DashboardFilterForm(CleanTextFormMixin, forms.Form):
    year = forms.TypedChoiceField(label="Année", coerce=int, required=False, empty_value=None)
    territory = forms.ChoiceField(label="Territoire", required=False)

    def __init__(self, data, *, years, territories):
        super().__init__(data)
        self.fields["year"].choices = [("", "Toutes les années")] + [
            (str(year), str(year)) for year in years
        ]
        self.fields["year"].error_messages["invalid_choice"] = (
            "Année inconnue : toutes les années sont affichées."
        )
        self.fields["territory"].choices = [("", "Tous les territoires")] + [
            (territory.slug, territory.name) for territory in territories
        ]
        self.fields["territory"].error_messages["invalid_choice"] = (
            "Territoire inconnu : tous les territoires sont affichés."
        )

    def filters(self, territories):
        """(year, territory) from the valid fields; a bad field is simply ignored."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        year = cleaned.get("year") if "year" not in self.errors else None
        slug = cleaned.get("territory") if "territory" not in self.errors else None
        territory = next((t for t in territories if t.slug == slug), None) if slug else None
        return year, territory


def _dashboard(request):
    territories = list(Territory.objects.order_by("name"))
    years = sorted(
        set(
            IndicatorValue.objects.filter(validated=True).values_list("year", flat=True).distinct()
        ),
        reverse=True,
    )
    form = DashboardFilterForm(request.GET or None, years=years, territories=territories)
    year, territory = form.filters(territories) if request.GET else (None, None)
    dashboard = build_dashboard(request.user, territories, year=year, territory=territory)
    return form, dashboard


def territory_comparison(dashboard, position):
    """Rows of the per-territory comparison of the indicator at `position`, in the table
    year: [{"territory", "value", "gain", "bar" (0-20: the bar's length in 5 % steps)}]."""
    rows = [
        {"territory": row["territory"], **row["cells"][position]}
        for row in dashboard.table
        if row["cells"][position]["value"] is not None or row["cells"][position]["gain"] is not None
    ]
    largest = max((row["value"] for row in rows if row["value"] is not None), default=0)
    for row in rows:
        row["bar"] = round(row["value"] * 20 / largest) if row["value"] and largest else 0
    return sorted(rows, key=lambda row: -(row["value"] or 0))


@require_GET
def dashboard_view(request):
    form, dashboard = _dashboard(request)
    scope = dashboard.territory.name if dashboard.territory else "Grand Est"
    headline_year, headlines = headline_figures(dashboard, year=dashboard.year)
    small_multiples = []
    for position, series in enumerate(dashboard.series):
        if not series.has_data:
            continue
        description = (
            f"Évolution de l'indicateur « {series.indicator.title} » ({scope}) "
            f"par année ; les données figurent dans le tableau qui suit."
        )
        small_multiples.append(
            {
                "series": series,
                "svg": charts.compact_trend_chart(series, description),
                "comparison": territory_comparison(dashboard, position),
            }
        )
    # Other apps' blocks (portal.hooks.DASHBOARD_SECTIONS), each deciding who sees it; a
    # block's chart (its context's "svg") shares the page's one stylesheet.
    sections = collect_sections(DASHBOARD_SECTIONS, request, dashboard)
    holders = small_multiples + [
        section["context"] for section in sections if section["context"].get("svg")
    ]
    chart_styles, svgs = share_chart_styles([holder["svg"] for holder in holders])
    for holder, svg in zip(holders, svgs, strict=True):
        holder["svg"] = svg
    return render(
        request,
        "capitalisation/dashboard.html",
        {
            "form": form,
            "dashboard": dashboard,
            "headline_year": headline_year,
            "headlines": headlines,
            "charts": small_multiples,
            "chart_styles": chart_styles,
            "scope": scope,
            "is_member": is_network_member(request.user),
            "query": request.GET.urlencode(),
            "sections": sections,
        },
    )


def _export(request, fmt):
    _form, dashboard = _dashboard(request)
    return download(fmt, exports.tables(dashboard), "indicateurs-eit-grand-est")


@require_GET
def dashboard_csv(request):
    return _export(request, "csv")


@require_GET
def dashboard_xlsx(request):
    return _export(request, "xlsx")


@require_GET
def dashboard_ods(request):
    return _export(request, "ods")
