"""The reference lists of data/reference/: loading them into the database, idempotently,
and finding a commune as people write it (`resolve_commune`, the one commune lookup of the
import and of every form that takes a commune)."""

import csv
import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from search.normalize import fold

WASTE_FILE = "liste-europeenne-des-dechets.csv"
OPERATIONS_FILE = "operations-de-traitement.csv"
COMMUNES_FILE = "communes-grand-est.csv"


def _rows(name):
    with (settings.REFERENCE_DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def commune_key(name: str) -> str:
    """'Saint-Dizier', 'saint dizier', 'ST-DIZIER'... → one key."""
    key = " ".join(fold(name).replace("-", " ").replace("'", " ").replace("’", " ").split())
    return key.replace("saint ", "st ").replace("sainte ", "ste ")


ARTICLES = ("la", "le", "les", "l")
# "Chapelle-Saint-Luc (La)", "Hôpital (L')": the official sorted form, article behind
TRAILING_ARTICLE = re.compile(r"^(?P<name>.+?)\s*\(\s*(?P<article>la|le|les|l['’]?)\s*\)$", re.I)
CODE = re.compile(r"\b(\d[\dab]\d{3})\b", re.I)
DEPARTEMENT = re.compile(r"\(\s*(\d{2})\s*\)")
LISTED_CANDIDATES = 12
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
MAX_LENGTH = 120


def _without_article(key: str) -> str:
    first, _, rest = key.partition(" ")
    return rest if first in ARTICLES and rest else key


def _describe(commune) -> str:
    postal = ", ".join(commune.postal_codes.split()) or "sans code postal"
    return f"{commune.name} ({postal}, INSEE {commune.insee_code})"


def _current(communes, model):
    """Merged communes give way to the commune they belong to today; duplicates removed."""
    merged = {
        c.current_insee_code for c in communes if c.current_insee_code not in ("", c.insee_code)
    }
    current = (
        {c.insee_code: c for c in model.objects.filter(insee_code__in=merged)} if merged else {}
    )
    found = {}
    for commune in communes:
        commune = current.get(commune.current_insee_code, commune)
        found.setdefault(commune.insee_code, commune)
    # the most populated first: the likeliest meant, and listed first
    return sorted(found.values(), key=lambda c: (-(c.population or 0), c.name, c.insee_code))


def _ambiguous(text, candidates, hint):
    listed = "; ".join(_describe(c) for c in candidates[:LISTED_CANDIDATES])
    more = len(candidates) - LISTED_CANDIDATES
    if more > 0:
        listed += f" et {more} autre{'s' if more > 1 else ''}"
    return ValidationError(
        f"Plusieurs communes répondent à « {text} » : {listed}. {hint}",
        code="commune_ambiguous",
        params={"candidates": [c.insee_code for c in candidates]},
    )


def resolve_commune(text, communes=None):
    """The Grand Est commune `text` names, written as people write it.

    Accepted: the name with or without accents, hyphens, case, "Saint"/"St" or article
    ("La Chapelle-Saint-Luc", "la chapelle saint luc", "Chapelle-Saint-Luc (La)",
    "St-Dizier"), optionally with its département or postal code ("Sedan (08)",
    "10600 La Chapelle-Saint-Luc"); the INSEE code; the postal code. A merged commune
    answers the commune it belongs to today (`current_insee_code`). Raises a French
    `ValidationError` when nothing or several communes match, listing the candidates
    with their postal codes. `communes`: the queryset to search (default: all).
    """
    if communes is None:
        from flows.models import Commune

        communes = Commune.objects.all()
    model = communes.model
    # control characters (a NUL byte would break PostgreSQL) are spaces; no commune name
    # is longer than MAX_LENGTH characters
    raw = " ".join(CONTROL.sub(" ", str(text or "")).split())[: MAX_LENGTH + 1]
    if raw.isdigit() and len(raw) == 4:  # a spreadsheet dropped the leading zero (08105)
        raw = f"0{raw}"
    if not raw:
        raise ValidationError("Indiquez une commune.", code="commune_required")
    if len(raw) > MAX_LENGTH:
        raise ValidationError(
            f"Nom de commune trop long ({MAX_LENGTH} caractères au plus).", code="commune_unknown"
        )
    code = CODE.search(raw)
    rest = re.sub(r"\(\s*\)", "", raw[: code.start()] + raw[code.end() :]) if code else raw
    rest = rest.strip(" ,;-")
    departement = DEPARTEMENT.search(rest)
    if departement:
        rest = (rest[: departement.start()] + rest[departement.end() :]).strip()
    if code and not rest:
        value = code.group(1).upper()
        by_insee = list(communes.filter(insee_code=value))
        by_postal = [
            c
            for c in communes.filter(postal_codes__contains=value)
            if value in c.postal_codes.split()
        ]
        found = _current(by_insee + by_postal, model)
        if not found:
            raise ValidationError(
                f"Aucune commune du Grand Est n'a le code INSEE ou le code postal « {value} ».",
                code="commune_unknown",
            )
        if len(found) > 1:
            raise _ambiguous(raw, found, "Précisez le nom de la commune ou son code INSEE.")
        return found[0]
    trailing = TRAILING_ARTICLE.match(rest)
    if trailing:
        rest = f"{trailing['article']} {trailing['name']}"
    key = commune_key(rest)
    base = _without_article(key)
    candidates = communes.filter(name_key__in=[base, *(f"{a} {base}" for a in ARTICLES)])
    if code:
        value = code.group(1).upper()
        candidates = [
            c for c in candidates if value == c.insee_code or value in c.postal_codes.split()
        ]
    elif departement:
        candidates = candidates.filter(departement=departement.group(1))
    candidates = list(candidates)
    exact = [c for c in candidates if c.name_key == key]
    found = _current(exact or candidates, model)
    if not found:
        raise ValidationError(
            f"Commune « {raw} » introuvable en Grand Est : vérifiez l'orthographe, ou donnez "
            "son code INSEE ou son code postal.",
            code="commune_unknown",
        )
    if len(found) > 1:
        raise _ambiguous(raw, found, "Ajoutez le code postal ou donnez le code INSEE.")
    return found[0]


def _sync(model, key, rows):
    """Create the missing rows and update the changed ones; returns (created, updated).
    Values of fields the (possibly historical) model does not have yet are left out."""
    known = {f.name for f in model._meta.concrete_fields}
    rows = ({f: v for f, v in values.items() if f in known} for values in rows)
    existing = {getattr(obj, key): obj for obj in model.objects.all()}
    to_create, to_update, fields = [], [], set()
    for values in rows:
        obj = existing.get(values[key])
        if obj is None:
            to_create.append(model(**values))
            continue
        changed = [f for f, v in values.items() if getattr(obj, f) != v]
        if changed:
            for field in changed:
                setattr(obj, field, values[field])
            fields.update(changed)
            to_update.append(obj)
    model.objects.bulk_create(to_create, batch_size=1000)
    if to_update:
        model.objects.bulk_update(to_update, sorted(fields), batch_size=1000)
    return len(to_create), len(to_update)


@transaction.atomic
def load_reference(waste_model, operation_model, commune_model):
    """Models are passed in so a data migration can call this with its historical models."""
    waste = _sync(
        waste_model,
        "code",
        (
            {
                "code": row["code"],
                "level": row["niveau"],
                "hazardous": row["dangereux"] == "oui",
                "label": row["libelle"],
            }
            for row in _rows(WASTE_FILE)
        ),
    )
    operations = _sync(
        operation_model,
        "code",
        (
            {"code": r["code"], "kind": r["type"], "label": r["libelle"]}
            for r in _rows(OPERATIONS_FILE)
        ),
    )
    communes = _sync(
        commune_model,
        "insee_code",
        (
            {
                "insee_code": row["code_insee"],
                "name": row["nom"],
                "name_key": commune_key(row["nom"]),
                "departement": row["departement"],
                "latitude": Decimal(row["latitude"]),
                "longitude": Decimal(row["longitude"]),
                "postal_codes": row["codes_postaux"],
                "epci_siren": row["epci_siren"],
                "epci_name": row["epci_nom"],
                "population": int(row["population"]) if row["population"] else None,
                "current_insee_code": row["commune_actuelle"],
            }
            for row in _rows(COMMUNES_FILE)
        ),
    )
    return {"codes déchets": waste, "opérations": operations, "communes": communes}


def ensure_reference():
    """Load the lists when missing (after a test database flush, for instance)."""
    from flows.models import Commune, TreatmentOperation, WasteCode

    if not (WasteCode.objects.exists() and Commune.objects.exists()):
        load_reference(WasteCode, TreatmentOperation, Commune)
