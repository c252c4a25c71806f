"""`import_flows`: validate every row, write all of them or none.

The file is read once, in batches: each batch is validated and written inside one
transaction; when any row of the file is wrong the transaction is rolled back at the end,
so nothing is half-imported, and every error is listed by row and column, in French.
A flow is found again by its territory and reference, so re-importing a file changes
nothing."""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from flows.codes import normalize_waste_code, parse_decimal, siret_is_valid
from flows.models import (
    Category,
    Commune,
    Direction,
    Establishment,
    Flow,
    Frequency,
    TreatmentOperation,
    Unit,
    WasteCode,
)
from flows.models.register import annual_quantity
from flows.reference import commune_key
from flows.signals import flows_imported
from flows.spreadsheet import SpreadsheetError, read_rows
from portal.models import Territory
from portal.roles import is_regional_animator
from search.normalize import fold

BATCH = 500
FLOW_FIELDS = [
    "establishment",
    "direction",
    "category",
    "waste_code",
    "designation",
    "designation_key",
    "quantity",
    "unit",
    "frequency",
    "annual_quantity",
    "annual_unit",
    "treatment",
    "annual_cost_eur",
    "confirmed_on",
    "latitude",
    "longitude",
    "waste_subchapter",
]
MAX_ANNUAL = Decimal("1e7")  # more than ten million t, m³, MWh... a year for one site
FORMULA_START = ("=", "+", "@", "\t", "\r")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}")

UNITS = {
    "t": Unit.TONNE,
    "tonne": Unit.TONNE,
    "tonnes": Unit.TONNE,
    "kg": Unit.KILOGRAM,
    "m3": Unit.CUBIC_METRE,
    "m³": Unit.CUBIC_METRE,
    "l": Unit.LITRE,
    "litre": Unit.LITRE,
    "litres": Unit.LITRE,
    "mwh": Unit.MWH,
    "kwh": Unit.KWH,
    "unite": Unit.UNITS,
    "unites": Unit.UNITS,
    "palette": Unit.PALLETS,
    "palettes": Unit.PALLETS,
    "heure": Unit.HOURS,
    "heures": Unit.HOURS,
    "h": Unit.HOURS,
}
CATEGORIES = {fold(c.value): c for c in Category} | {fold(c.label): c for c in Category}
CATEGORIES["services"] = Category.SERVICES
FREQUENCIES = {fold(f.value): f for f in Frequency} | {fold(f.label): f for f in Frequency}
DIRECTIONS = {d.value: d for d in Direction} | {
    "offres": Direction.OFFER,
    "besoins": Direction.NEED,
}


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    establishments_created: int = 0
    errors: list = field(default_factory=list)  # (row, column, message)
    dry_run: bool = False
    flow_ids: list = field(default_factory=list)  # created or updated, for the flows' index

    @property
    def ok(self):
        return not self.errors

    def error_lines(self):
        return [
            f"Ligne {row}, colonne « {column} » : {message}"
            if column
            else f"Ligne {row} : {message}"
            for row, column, message in self.errors
        ]


class RowErrors(Exception):
    pass


class _Rollback(Exception):
    pass


def max_upload_bytes() -> int:
    return int(settings.FLOWS_IMPORT_MAX_BYTES)


class Reference:
    """The reference lists, loaded once per import."""

    def __init__(self):
        self.codes = {c.code: c for c in WasteCode.objects.filter(level="rubrique")}
        self.treatments = {t.code: t for t in TreatmentOperation.objects.all()}
        self.territories = {t.slug: t for t in Territory.objects.all()}
        self._communes = {}

    def commune(self, value):
        value = value.strip()
        if value not in self._communes:
            if value.isdigit() or re.fullmatch(r"\d[\dAB]\d{3}", value):
                found = list(Commune.objects.filter(insee_code=value.zfill(5)))
            else:
                found = list(Commune.objects.filter(name_key=commune_key(value)))
            self._communes[value] = found
        return self._communes[value]


def _text(values, column, errors, required=False, max_length=200):
    raw = values.get(column, "")
    if isinstance(raw, datetime.datetime | datetime.date):
        return raw
    value = str(raw if raw is not None else "").strip()
    if required and not value:
        errors.append((column, "valeur obligatoire manquante."))
    if value.startswith(FORMULA_START) or (
        value.startswith("-") and len(value) > 1 and not value[1].isdigit()
    ):
        errors.append(
            (
                column,
                "contenu refusé : une cellule ne peut pas commencer par =, +, - ou @ (formule).",
            )
        )
    if len(value) > max_length:
        errors.append((column, f"texte trop long ({len(value)} caractères, {max_length} au plus)."))
    return value


def _number(values, column, errors, required=False):
    raw = values.get(column, "")
    try:
        number = parse_decimal(raw)
    except ValueError:
        errors.append((column, f"« {raw} » n'est pas un nombre."))
        return None
    if number is None and required:
        errors.append((column, "valeur obligatoire manquante."))
    return number


def _date(raw, errors):
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = str(raw or "").strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"):
        try:
            parsed = datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if parsed > datetime.date.today():
            errors.append(("date_confirmation", "la date est dans le futur."))
        return parsed
    errors.append(
        ("date_confirmation", f"« {text} » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA).")
    )
    return None


def split_contact(text):
    email = EMAIL.search(text)
    phone = PHONE.search(text)
    name = text
    for found in (email, phone):
        if found:
            name = name.replace(found.group(0), " ")
    name = " ".join(name.replace("<", " ").replace(">", " ").strip(" ,;/-").split())
    return name[:120], email.group(0) if email else "", phone.group(0) if phone else ""


def clean_row(values, reference: Reference, allowed):
    """(establishment fields, flow fields) or raise RowErrors([(column, message)])."""
    errors = []
    text = {
        c: _text(values, c, errors)
        for c in ("siret", "code_naf", "commune", "code_dechet", "traitement_actuel", "contact")
    }
    ref = _text(values, "reference", errors, required=True, max_length=60)
    slug = _text(values, "territoire", errors, required=True)
    name = _text(values, "entreprise", errors, required=True)
    designation = _text(values, "designation", errors, required=True)
    territory = reference.territories.get(slug)
    if slug and territory is None:
        errors.append(("territoire", f"territoire « {slug} » inconnu."))
    elif territory is not None and allowed is not None and territory.pk not in allowed:
        errors.append(
            (
                "territoire",
                f"vous ne pouvez importer que les flux de votre territoire, pas « {slug} ».",
            )
        )
    siret = re.sub(r"\s", "", text["siret"])
    if siret and not siret_is_valid(siret):
        errors.append(
            ("siret", f"SIRET « {text['siret']} » invalide (14 chiffres et clé de contrôle).")
        )
    commune = None
    if text["commune"]:
        found = reference.commune(text["commune"])
        if not found:
            errors.append(("commune", f"commune « {text['commune']} » introuvable en Grand Est."))
        elif len(found) > 1:
            errors.append(
                (
                    "commune",
                    f"plusieurs communes s'appellent « {text['commune']} » : donnez le code INSEE.",
                )
            )
        else:
            commune = found[0]
    latitude = _number(values, "latitude", errors)
    longitude = _number(values, "longitude", errors)
    if latitude is not None and not Decimal(47) <= latitude <= Decimal(51):
        errors.append(("latitude", "latitude hors du Grand Est (entre 47 et 51)."))
    if longitude is not None and not Decimal(3) <= longitude <= Decimal(9):
        errors.append(("longitude", "longitude hors du Grand Est (entre 3 et 9)."))
    if commune is None and (latitude is None or longitude is None) and not text["commune"]:
        errors.append(("commune", "indiquez la commune ou la latitude et la longitude du site."))
    direction = DIRECTIONS.get(fold(_text(values, "sens", errors, required=True)))
    if direction is None and values.get("sens"):
        errors.append(("sens", f"« {values['sens']} » : attendu offre ou besoin."))
    category = CATEGORIES.get(fold(_text(values, "categorie", errors, required=True)))
    if category is None and values.get("categorie"):
        errors.append(
            (
                "categorie",
                f"« {values['categorie']} » : attendu matieres, energie, eau, dechets ou services.",
            )
        )
    waste_code = None
    if text["code_dechet"]:
        code = normalize_waste_code(text["code_dechet"])
        waste_code = reference.codes.get(code) if code else None
        if waste_code is None:
            errors.append(
                (
                    "code_dechet",
                    f"code déchet « {text['code_dechet']} » absent de la liste européenne "
                    "des déchets.",
                )
            )
    quantity = _number(values, "quantite", errors, required=True)
    if quantity is not None and quantity < 0:
        errors.append(("quantite", "une quantité ne peut pas être négative."))
    unit = UNITS.get(fold(_text(values, "unite", errors, required=True)).replace(" ", ""))
    if unit is None and values.get("unite"):
        errors.append(
            (
                "unite",
                f"unité « {values['unite']} » inconnue "
                "(t, kg, m3, L, MWh, kWh, unites, palettes, heures).",
            )
        )
    frequency = FREQUENCIES.get(fold(_text(values, "frequence", errors, required=True)))
    if frequency is None and values.get("frequence"):
        errors.append(
            ("frequence", f"« {values['frequence']} » : attendu an, mois, semaine ou ponctuel.")
        )
    if quantity is not None and quantity >= 0 and unit and frequency:
        yearly, base = annual_quantity(quantity, unit, frequency)
        if yearly > MAX_ANNUAL:
            errors.append(
                (
                    "quantite",
                    f"quantité invraisemblable ({yearly:,.0f} {base} par an pour un site).",
                )
            )
    treatment = None
    if text["traitement_actuel"]:
        treatment = reference.treatments.get(text["traitement_actuel"].upper().replace(" ", ""))
        if treatment is None:
            errors.append(
                (
                    "traitement_actuel",
                    f"« {text['traitement_actuel']} » : attendu une opération R1–R13 ou D1–D15.",
                )
            )
    cost = _number(values, "cout_annuel_eur", errors)
    if cost is not None and cost < 0:
        errors.append(("cout_annuel_eur", "un coût ne peut pas être négatif."))
    confirmed = _date(values.get("date_confirmation"), errors)
    if errors:
        raise RowErrors(errors)
    contact_name, contact_email, contact_phone = split_contact(text["contact"])
    establishment = {
        "territory": territory,
        "name": name,
        "siret": siret,
        "naf_code": text["code_naf"][:6],
        "commune": commune,
        "latitude": latitude if latitude is not None else (commune.latitude if commune else None),
        "longitude": longitude
        if longitude is not None
        else (commune.longitude if commune else None),
        "contact_name": contact_name,
        "contact_email": contact_email,
        "contact_phone": contact_phone,
    }
    flow = {
        "reference": ref,
        "direction": direction,
        "category": category,
        "waste_code": waste_code,
        "designation": designation,
        "quantity": quantity,
        "unit": unit,
        "frequency": frequency,
        "treatment": treatment,
        "annual_cost_eur": cost,
        "confirmed_on": confirmed,
    }
    return establishment, flow


def _changed(obj, values):
    changed = False
    for name, value in values.items():
        current = getattr(obj, name)
        if hasattr(current, "pk") or hasattr(value, "pk"):
            if getattr(current, "pk", None) != getattr(value, "pk", None):
                setattr(obj, name, value)
                changed = True
        elif current != value:
            setattr(obj, name, value)
            changed = True
    return changed


class Importer:
    def __init__(self, user=None, dry_run=False, progress=None):
        self.allowed = None
        if user is not None and not is_regional_animator(user):
            self.allowed = {user.territory_id} if getattr(user, "territory_id", None) else set()
        self.report = ImportReport(dry_run=dry_run)
        self.progress = progress
        self.reference = Reference()
        self.establishments = {}  # (territory id, name) → Establishment
        self.seen_references = {}  # (territory id, reference) → row

    def run(self, name, data):
        if len(data) > max_upload_bytes():
            limit = max_upload_bytes() // (1024 * 1024)
            self.report.errors.append(
                (
                    1,
                    "",
                    f"fichier trop volumineux ({len(data) // (1024 * 1024)} Mo, "
                    f"{limit} Mo au plus).",
                )
            )
            return self.report
        try:
            with transaction.atomic():
                batch = []
                for number, values in read_rows(name, data):
                    batch.append((number, values))
                    if len(batch) >= BATCH:
                        self._batch(batch)
                        batch = []
                self._batch(batch)
                if self.report.rows == 0 and not self.report.errors:
                    self.report.errors.append(
                        (1, "", "le fichier ne contient aucune ligne de flux.")
                    )
                if self.report.errors or self.report.dry_run:
                    raise _Rollback
        except SpreadsheetError as error:
            self.report.errors.append((1, "", str(error)))
        except _Rollback:
            pass
        return self.report

    def _batch(self, batch):
        cleaned = []
        for number, values in batch:
            self.report.rows += 1
            try:
                establishment, flow = clean_row(values, self.reference, self.allowed)
            except RowErrors as error:
                self.report.errors.extend((number, c, m) for c, m in error.args[0])
                continue
            key = (establishment["territory"].pk, flow["reference"])
            if key in self.seen_references:
                self.report.errors.append(
                    (
                        number,
                        "reference",
                        f"référence « {flow['reference']} » déjà utilisée "
                        f"ligne {self.seen_references[key]}.",
                    )
                )
                continue
            self.seen_references[key] = number
            cleaned.append((establishment, flow))
        if self.progress:
            self.progress(self.report.rows)
        if self.report.errors or not cleaned:
            return  # everything will be rolled back: only keep validating
        self._load_establishments(cleaned)
        existing = {
            (f.territory_id, f.reference): f
            for f in Flow.objects.filter(
                territory_id__in={e["territory"].pk for e, _ in cleaned},
                reference__in={f["reference"] for _, f in cleaned},
            ).select_related("establishment", "waste_code")
        }
        to_create, to_update = [], []
        for establishment_values, flow_values in cleaned:
            establishment = self.establishments[
                (establishment_values["territory"].pk, establishment_values["name"])
            ]
            flow = existing.get((establishment.territory_id, flow_values["reference"]))
            if flow is None:
                flow = Flow(establishment=establishment, **flow_values)
                to_create.append(flow)
            elif _changed(flow, {"establishment": establishment, **flow_values}):
                to_update.append(flow)
            else:
                self.report.unchanged += 1
                continue
            flow.refresh_derived()
        Flow.objects.bulk_create(to_create)
        if to_update:
            Flow.objects.bulk_update(to_update, FLOW_FIELDS)
        self.report.created += len(to_create)
        self.report.updated += len(to_update)
        self.report.flow_ids += [flow.pk for flow in to_create + to_update]

    def _load_establishments(self, cleaned):
        """Find or create the batch's establishments in a few queries."""
        wanted = {}
        for values, _ in cleaned:
            key = (values["territory"].pk, values["name"])
            if key not in self.establishments:
                wanted.setdefault(key, values)
        if not wanted:
            return
        found = Establishment.objects.filter(
            territory_id__in={t for t, _ in wanted}, name__in={n for _, n in wanted}
        )
        for establishment in found:
            key = (establishment.territory_id, establishment.name)
            if key in wanted:
                if _changed(establishment, wanted.pop(key)):
                    establishment.save()
                self.establishments[key] = establishment
        new = [Establishment(**values) for values in wanted.values()]
        Establishment.objects.bulk_create(new)
        self.report.establishments_created += len(new)
        for establishment in new:
            self.establishments[(establishment.territory_id, establishment.name)] = establishment


def import_flows(name, data, user=None, dry_run=False, progress=None) -> ImportReport:
    report = Importer(user=user, dry_run=dry_run, progress=progress).run(name, data)
    if report.ok and not report.dry_run and report.flow_ids:
        flows_imported.send(sender=Importer, flow_ids=report.flow_ids)
    return report
