"""Placeholders of communication templates: parsing, pre-filling, safe substitution.

No template engine ever sees visitor input: `{{ name }}` markers are replaced by one
regular-expression pass, only for placeholders the editor declared; every value is
escaped for Markdown and HTML first, so that it can only ever come out as literal text
once the filled body goes through `portal.sanitize`.
"""

import re

from capitalisation.territory_figures import territory_key_figures
from portal.numbers import format_number

PLACEHOLDER_NAME_PATTERN = r"[a-z_][a-z0-9_]*"
PLACEHOLDER_RE = re.compile(r"\{\{\s*(" + PLACEHOLDER_NAME_PATTERN + r")\s*\}\}")
# Anything that looks like a placeholder, valid name or not, to report mistakes to editors.
LOOSE_PLACEHOLDER_RE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")

# Well-known placeholder names and what the portal knows about a territory.
TERRITORY_FIELDS = {
    "nom_territoire": "name",
    "nom_programme": "name",
    "structure_porteuse": "lead_structure",
    "nom_structure": "lead_structure",
    "departements": "departments",
    "contact_nom": "facilitator_name",
    "contact_animateur": "facilitator_name",
    "contact_email": "facilitator_email",
    "contact_telephone": "facilitator_phone",
    "site_web": "website",
}
# Placeholder name -> key figure codes of capitalisation.territory_figures, in order of
# preference (the first code the function returns wins).
KEY_FIGURE_PLACEHOLDERS = {
    "dechets_evites": ("dechets-evites",),
    "tonnes_evitees": ("dechets-evites",),
    "energie_economisee": ("energie-economisee",),
    "eau_economisee": ("eau-economisee",),
    "economies_euros": ("gains-financiers",),
    "euros_economises": ("gains-financiers",),
    "co2_evite": ("emissions-evitees",),
    "emissions_evitees": ("emissions-evitees",),
    "emplois": ("emplois",),
    "nombre_entreprises": ("entreprises-impliquees",),
    "nombre_synergies": ("synergies",),
}

PREFILL_HELP = (
    "Identifiant en minuscules, chiffres et _ (par exemple nom_territoire). Ces noms sont "
    "pré-remplis d'après le territoire choisi par le visiteur : nom_territoire et "
    "nom_programme (nom du territoire), structure_porteuse et nom_structure (structure "
    "porteuse), departements, contact_nom et contact_animateur (animateur ou animatrice), "
    "contact_email, contact_telephone, site_web ; et d'après les chiffres clés des retours "
    "d'expérience du territoire : dechets_evites et tonnes_evitees (t), energie_economisee "
    "(MWh), eau_economisee (m³), economies_euros et euros_economises (€), co2_evite "
    "et emissions_evitees (t CO2e), emplois, nombre_synergies, nombre_entreprises. Les "
    "chiffres sont ceux de la dernière année du portail (celle de l'accueil et du tableau "
    "de bord) : la valeur validée de l'indicateur du territoire, sinon les gains "
    "documentés cette année-là ; le formulaire indique l'année et la source."
)

# ASCII punctuation: every character of it has, or may get, a meaning in Markdown or HTML.
_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def used_placeholders(body):
    """Names of the valid placeholders a body uses, in order of first appearance."""
    seen = []
    for match in PLACEHOLDER_RE.finditer(body or ""):
        if match.group(1) not in seen:
            seen.append(match.group(1))
    return seen


def malformed_placeholders(body):
    """Markers between double braces whose name is not a valid identifier."""
    return [
        raw
        for raw in (m.group(1) for m in LOOSE_PLACEHOLDER_RE.finditer(body or ""))
        if not re.fullmatch(PLACEHOLDER_NAME_PATTERN, raw)
    ]


def normalise_value(value):
    """One line of plain text: line breaks and control characters become spaces."""
    text = "" if value is None else str(value)
    text = "".join(" " if (ord(ch) < 32 or ord(ch) == 127) else ch for ch in text)
    return re.sub(r" {2,}", " ", text).strip()


def escape_markdown(value):
    """Make a value literal text in Markdown and in the HTML Markdown lets through.

    Each ASCII punctuation character becomes a numeric character reference: Markdown
    keeps references as plain text (no emphasis, link, list, heading or raw HTML can
    start from one) and the HTML shows the original character.
    """
    return "".join(f"&#{ord(ch)};" if ch in _PUNCTUATION else ch for ch in normalise_value(value))


def substitute(body, values, declared, escape=escape_markdown):
    """Replace the declared placeholders by their escaped values, in one pass.

    Undeclared markers stay as they are, visible, so nothing silently disappears; a
    value is never scanned again, so a value containing `{{ autre }}` stays literal.
    """
    declared = set(declared)

    def replace(match):
        name = match.group(1)
        if name not in declared:
            return match.group(0)
        return escape(values.get(name, ""))

    return PLACEHOLDER_RE.sub(replace, body or "")


def territory_prefill(territory, names):
    """(values, notes) the portal knows for `territory`, for the placeholder names asked.

    Figures are the territory's consolidated values of the portal's latest year
    (`capitalisation.territory_figures`); each pre-filled figure gets a note saying its
    year and source, shown beside the field."""
    if territory is None:
        return {}, {}
    values, notes = {}, {}
    for name in names:
        attribute = TERRITORY_FIELDS.get(name)
        if attribute and getattr(territory, attribute, ""):
            values[name] = str(getattr(territory, attribute))
    wanted = [name for name in names if name in KEY_FIGURE_PLACEHOLDERS]
    if wanted:
        figures = {}
        for figure in key_figures(territory):  # validated indicator values come first
            figures.setdefault(figure["code"], figure)
        for name in wanted:
            for code in KEY_FIGURE_PLACEHOLDERS[name]:
                figure = figures.get(code)
                if figure is not None and figure.get("value") is not None:
                    values[name] = format_number(figure["value"])
                    notes[name] = (
                        f"{figure['label']}, {territory.name}, {figure['year']} : "
                        f"{format_number(figure['value'])} {figure['unit']} "
                        f"({figure['source_label']})."
                    )
                    break
    return values, notes


def key_figures(territory):
    """The territory's key figures from capitalisation (the one cross-app read allowed)."""
    return territory_key_figures(territory) or []
