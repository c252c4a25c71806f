"""The Wagtail hooks through which other apps feed the capitalisation axis.

- SYNERGY_GAINS: `fn(territory)` returns the yearly gains of running synergies that no
  live, public experience-feedback page already reports (so nothing is counted twice), as
  rows shaped like the experience-feedback rows of the dashboard: one dict per synergy and
  territory and year, {"pk": a key unique to the synergy and year (e.g. ("synergy", 12,
  2025)), "year",
  "territories": territory id, and the gain fields of `dashboard.GAIN_DEFINITIONS`
  (`waste_tonnes_avoided`, `energy_mwh_saved`, ...; None when unknown)}. With a territory,
  only that territory's rows.
- DASHBOARD_SECTIONS: `fn(request, dashboard)` returns a block of the regional dashboard
  (`{"order", "template", "context"}`, the template receiving "context" as `section`) or
  None; the flows app shows its synergy funnel (chart and table) through it. Public
  counts only: the block is the same for every visitor.
"""

SYNERGY_GAINS = "capitalisation_synergy_gains"
DASHBOARD_SECTIONS = "capitalisation_dashboard_sections"
