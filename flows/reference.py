"""Load the reference lists of data/reference/ into the database, idempotently."""

import csv
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from search.service import fold

WASTE_FILE = "liste-europeenne-des-dechets.csv"
OPERATIONS_FILE = "operations-de-traitement.csv"
COMMUNES_FILE = "communes-grand-est.csv"


def _rows(name):
    with (settings.REFERENCE_DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def commune_key(name: str) -> str:
    """'Saint-Dizier', 'saint dizier', 'ST-DIZIER'... → one key."""
    key = " ".join(fold(name).replace("-", " ").replace("'", " ").split())
    return key.replace("saint ", "st ").replace("sainte ", "ste ")


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
