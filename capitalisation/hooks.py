"""The Wagtail hooks through which other apps feed the capitalisation axis.

- SYNERGY_GAINS: `fn(territory)` returns the yearly gains of running synergies that no
  live, public experience-feedback page already reports (so nothing is counted twice), as
  rows shaped like the experience-feedback rows of the dashboard: one dict per synergy and
  territory and year, {"pk": a key unique to the synergy and year (e.g. ("synergy", 12,
  2025)), "year",
  "territories": territory id, and the gain fields of `dashboard.GAIN_DEFINITIONS`
  (`waste_tonnes_avoided`, `energy_mwh_saved`, ...; None when unknown)}. With a territory,
  only that territory's rows.
"""

SYNERGY_GAINS = "capitalisation_synergy_gains"
