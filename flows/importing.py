"""`import_flows`: validate every row, write all of them or none.

The file is read first, outside any transaction (`flows.spreadsheet.read_rows`: at most
50,000 data rows, the known columns only); every row is then validated (reading the
reference lists only), and only a file without errors is written, in batches inside one
transaction: nothing is half-imported and the database is held only for the writing.
Errors are listed by row and column, in French, the first ones of each column with a count
of the others. A flow is found again by its territory and reference, so re-importing a
file changes nothing.

Each column is read by one small validator deciding for every kind of cell a CSV or an
XLSX may hold (text, number, huge number, boolean, date, date and time, time)."""

import datetime
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from flows.codes import hazard_mark_error, normalize_waste_code, parse_decimal, siret_is_valid
from flows.models import (
    Category,
    Direction,
    Establishment,
    Flow,
    Frequency,
    TreatmentOperation,
    Unit,
    WasteCode,
)
from flows.models.register import MAX_QUANTITY, annual_quantity
from flows.reference import resolve_commune
from flows.signals import flows_imported
from flows.spreadsheet import SpreadsheetError, read_rows
from portal.caching import bump_content_generation
from portal.models import Territory
from portal.roles import is_regional_animator
from portal.sanitize import clean_text
from search.service import fold

BATCH = 500
ERRORS_PER_COLUMN = 10  # shown; the others are counted
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
MAX_COST = Decimal("1e9")  # euros a year for one flow
MAX_INTEGER_TEXT = 10**15  # an integer cell read as text (SIRET, INSEE code, waste code)
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
    errors: list = field(default_factory=list)  # (row, column, message), the first per column
    error_count: int = 0  # every error, shown or not
    shown: Counter = field(default_factory=Counter)  # column → errors listed
    hidden: Counter = field(default_factory=Counter)  # column → errors only counted
    dry_run: bool = False
    flow_ids: list = field(default_factory=list)  # created or updated, for the flows' index

    @property
    def ok(self):
        return not self.error_count

    def add_error(self, row, column, message):
        self.error_count += 1
        if self.shown[column] < ERRORS_PER_COLUMN:
            self.shown[column] += 1
            self.errors.append((row, column, message))
        else:
            self.hidden[column] += 1

    def error_lines(self):
        lines = [
            f"Ligne {row}, colonne « {column} » : {message}"
            if column
            else f"Ligne {row} : {message}"
            for row, column, message in self.errors
        ]
        for column, count in self.hidden.items():
            where = f"dans la colonne « {column} »" if column else "sur des lignes entières"
            plural = "s" if count > 1 else ""
            lines.append(f"… et {count} autre{plural} erreur{plural} {where}.")
        return lines


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
        """The commune (or the French ValidationError) of `flows.reference.resolve_commune`."""
        value = value.strip()
        if value not in self._communes:
            try:
                self._communes[value] = resolve_commune(value)
            except ValidationError as error:
                self._communes[value] = error
        return self._communes[value]


# Cells: what each kind of cell becomes in a text, number or date column ------------------


class CellError(ValueError):
    """A cell whose kind does not fit its column; the message is French."""


def _integer_digits(number) -> str:
    """An integer typed as a number where text is expected (SIRET, INSEE code, waste code):
    its digits; any other number is refused."""
    if isinstance(number, float) and (not math.isfinite(number) or not number.is_integer()):
        raise CellError(f"« {number:g} » : un texte est attendu ici, pas un nombre.")
    if abs(number) >= MAX_INTEGER_TEXT:
        raise CellError(f"« {number:g} » : un texte est attendu ici, pas un nombre.")
    return str(int(number))


def cell_text(raw) -> str:
    """A text cell: str as typed (control characters removed, on one line), an integer as
    its digits; booleans, dates, times and other numbers are refused."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        raise CellError(
            "une case à cocher (VRAI/FAUX) n'est pas attendue ici : saisissez du texte."
        )
    if isinstance(raw, datetime.date | datetime.time | datetime.timedelta):
        raise CellError(
            "une date ou une heure n'est pas attendue ici : mettez la cellule au format Texte."
        )
    if isinstance(raw, int | float | Decimal):
        return _integer_digits(raw)
    return clean_text(str(raw)).strip()


def cell_number(raw) -> Decimal | None:
    """A number cell: int, float or text typed the French or English way; booleans,
    dates, infinities and NaN are refused. The magnitude is checked by the column."""
    if isinstance(raw, bool):
        raise CellError("une case à cocher (VRAI/FAUX) n'est pas un nombre.")
    if isinstance(raw, datetime.date | datetime.time | datetime.timedelta):
        raise CellError("une date n'est pas un nombre : mettez la cellule au format Nombre.")
    if isinstance(raw, float) and not math.isfinite(raw):
        raise CellError("nombre invalide.")
    text = raw if isinstance(raw, int | float | Decimal) else clean_text(str(raw or ""))
    try:
        return parse_decimal(text)
    except (ValueError, InvalidOperation) as error:
        raise CellError(f"« {str(text)[:40]} » n'est pas un nombre.") from error


DATE_PATTERNS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y")


def cell_date(raw) -> datetime.date | None:
    """A date cell: an XLSX date (or date and time: the day), or text AAAA-MM-JJ,
    JJ/MM/AAAA or JJ/MM/AA; numbers, booleans and times are refused."""
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    if isinstance(raw, bool | int | float | Decimal | datetime.time | datetime.timedelta):
        raise CellError(f"« {raw} » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA).")
    text = clean_text(str(raw or "")).strip()
    if not text:
        return None
    for pattern in DATE_PATTERNS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(f"« {text[:40]} » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA).")


# Rows: one small validator per column or group of columns --------------------------------


class Row:
    """One row being validated: its raw values and the errors found so far."""

    def __init__(self, values):
        self.values = values
        self.errors = []

    def error(self, column, message):
        self.errors.append((column, message))

    def text(self, column, required=False, max_length=200):
        try:
            value = cell_text(self.values.get(column))
        except CellError as error:
            self.error(column, str(error))
            return ""
        if required and not value:
            self.error(column, "valeur obligatoire manquante.")
        if value.startswith(FORMULA_START) or (
            value.startswith("-") and len(value) > 1 and not value[1].isdigit()
        ):
            self.error(
                column,
                "contenu refusé : une cellule ne peut pas commencer par =, +, - ou @ (formule).",
            )
        if len(value) > max_length:
            self.error(column, f"texte trop long ({len(value)} caractères, {max_length} au plus).")
        return value

    def number(self, column, required=False, low=None, high=None, message=""):
        """A Decimal within [low, high] (`message` otherwise), or None."""
        try:
            number = cell_number(self.values.get(column))
        except CellError as error:
            self.error(column, str(error))
            return None
        if number is None:
            if required:
                self.error(column, "valeur obligatoire manquante.")
            return None
        if (low is not None and number < low) or (high is not None and number > high):
            self.error(column, message)
            return None
        return number

    def choice(self, column, choices, expected):
        value = self.text(column, required=True)
        found = choices.get(fold(value).replace(" ", "") if column == "unite" else fold(value))
        if found is None and value:
            self.error(column, f"« {value} » : {expected}")
        return found


def _territory(row, reference, allowed):
    slug = row.text("territoire", required=True)
    territory = reference.territories.get(slug)
    if slug and territory is None:
        row.error("territoire", f"territoire « {slug} » inconnu.")
    elif territory is not None and allowed is not None and territory.pk not in allowed:
        row.error(
            "territoire",
            f"vous ne pouvez importer que les flux de votre territoire, pas « {slug} ».",
        )
        return None
    return territory


def _siret(row):
    typed = row.text("siret")
    siret = re.sub(r"\s", "", typed)
    if siret and not siret_is_valid(siret):
        row.error("siret", f"SIRET « {typed} » invalide (14 chiffres et clé de contrôle).")
    return siret


def _commune(row, reference):
    """The commune named by the row (one lookup, `Reference.commune`), or None."""
    typed = row.text("commune")
    if not typed:
        return None, typed
    found = reference.commune(typed)
    if isinstance(found, ValidationError):
        row.error("commune", " ".join(found.messages))
        return None, typed
    return found, typed


def _position(row, reference):
    commune, typed = _commune(row, reference)
    latitude = row.number(
        "latitude",
        low=Decimal(47),
        high=Decimal(51),
        message="latitude hors du Grand Est (entre 47 et 51).",
    )
    longitude = row.number(
        "longitude",
        low=Decimal(3),
        high=Decimal(9),
        message="longitude hors du Grand Est (entre 3 et 9).",
    )
    unreadable = any(column == "commune" for column, _ in row.errors)
    if commune is None and (latitude is None or longitude is None) and not (typed or unreadable):
        row.error("commune", "indiquez la commune ou la latitude et la longitude du site.")
    if latitude is None and commune is not None:
        latitude = commune.latitude
    if longitude is None and commune is not None:
        longitude = commune.longitude
    return commune, latitude, longitude


def _waste_code(row, reference):
    typed = row.text("code_dechet")
    if not typed:
        return None
    code = normalize_waste_code(typed)
    waste_code = reference.codes.get(code) if code else None
    if waste_code is None:
        row.error(
            "code_dechet", f"code déchet « {typed} » absent de la liste européenne des déchets."
        )
        return None
    mismatch = hazard_mark_error(typed, waste_code)
    if mismatch:
        row.error("code_dechet", mismatch)
        return None
    return waste_code


def _quantity(row, unit, frequency):
    quantity = row.number(
        "quantite",
        required=True,
        low=Decimal(0),
        high=MAX_QUANTITY,
        message=f"quantité invraisemblable (entre 0 et {MAX_QUANTITY:,.0f} par ligne).".replace(
            ",", "\u202f"
        ),
    )
    if quantity is None or not unit or not frequency:
        return quantity
    quantity = quantity.quantize(Decimal("0.001"))
    yearly, base = annual_quantity(quantity, unit, frequency)
    if yearly > MAX_ANNUAL:
        row.error(
            "quantite",
            f"quantité invraisemblable ({yearly:,.0f} {base} par an pour un site).".replace(
                ",", "\u202f"
            ),
        )
    return quantity


def _treatment(row, reference):
    typed = row.text("traitement_actuel")
    if not typed:
        return None
    treatment = reference.treatments.get(typed.upper().replace(" ", ""))
    if treatment is None:
        row.error("traitement_actuel", f"« {typed} » : attendu une opération R1–R13 ou D1–D15.")
    return treatment


def _cost(row):
    cost = row.number(
        "cout_annuel_eur",
        low=Decimal(0),
        high=MAX_COST,
        message="coût invraisemblable (entre 0 et 1\u202f000\u202f000\u202f000 € par an).",
    )
    return cost.quantize(Decimal("0.01")) if cost is not None else None


def _confirmed_on(row):
    try:
        confirmed = cell_date(row.values.get("date_confirmation"))
    except CellError as error:
        row.error("date_confirmation", str(error))
        return None
    if confirmed is not None and confirmed > datetime.date.today():
        row.error("date_confirmation", "la date est dans le futur.")
    return confirmed


def split_contact(text):
    email = EMAIL.search(text)
    phone = PHONE.search(text)
    name = text
    for found in (email, phone):
        if found:
            name = name.replace(found.group(0), " ")
    name = " ".join(name.replace("<", " ").replace(">", " ").strip(" ,;/-").split())
    return name[:120], email.group(0) if email else "", phone.group(0) if phone else ""


def _establishment(row, reference, allowed):
    territory = _territory(row, reference, allowed)
    name = row.text("entreprise", required=True)
    siret = _siret(row)
    naf_code = row.text("code_naf")[:6]
    commune, latitude, longitude = _position(row, reference)
    contact_name, contact_email, contact_phone = split_contact(row.text("contact"))
    return {
        "territory": territory,
        "name": name,
        "siret": siret,
        "naf_code": naf_code,
        "commune": commune,
        "latitude": latitude,
        "longitude": longitude,
        "contact_name": contact_name,
        "contact_email": contact_email,
        "contact_phone": contact_phone,
    }


def _flow(row, reference):
    reference_text = row.text("reference", required=True, max_length=60)
    direction = row.choice("sens", DIRECTIONS, "attendu offre ou besoin.")
    category = row.choice(
        "categorie", CATEGORIES, "attendu matieres, energie, eau, dechets ou services."
    )
    unit = row.choice(
        "unite", UNITS, "unité inconnue (t, kg, m3, L, MWh, kWh, unites, palettes, heures)."
    )
    frequency = row.choice("frequence", FREQUENCIES, "attendu an, mois, semaine ou ponctuel.")
    return {
        "reference": reference_text,
        "direction": direction,
        "category": category,
        "waste_code": _waste_code(row, reference),
        "designation": row.text("designation", required=True),
        "quantity": _quantity(row, unit, frequency),
        "unit": unit,
        "frequency": frequency,
        "treatment": _treatment(row, reference),
        "annual_cost_eur": _cost(row),
        "confirmed_on": _confirmed_on(row),
    }


def clean_row(values, reference: Reference, allowed):
    """(establishment fields, flow fields) or raise RowErrors([(column, message)])."""
    row = Row(values)
    establishment = _establishment(row, reference, allowed)
    flow = _flow(row, reference)
    if row.errors:
        raise RowErrors(row.errors)
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
            self.report.add_error(
                1,
                "",
                f"fichier trop volumineux ({len(data) // (1024 * 1024)} Mo, {limit} Mo au plus).",
            )
            return self.report
        try:
            rows = read_rows(name, data)  # outside any transaction
        except SpreadsheetError as error:
            self.report.add_error(1, "", str(error))
            return self.report
        cleaned = self._validate(rows)
        if self.report.rows == 0 and self.report.ok:
            self.report.add_error(1, "", "le fichier ne contient aucune ligne de flux.")
        if self.report.ok:
            self._write(cleaned)
        return self.report

    def _validate(self, rows):
        """The cleaned rows; every error goes to the report. Reads the database only."""
        cleaned = []
        for number, values in rows:
            self.report.rows += 1
            try:
                establishment, flow = clean_row(values, self.reference, self.allowed)
            except RowErrors as error:
                for column, message in error.args[0]:
                    self.report.add_error(number, column, message)
                continue
            key = (establishment["territory"].pk, flow["reference"])
            if key in self.seen_references:
                self.report.add_error(
                    number,
                    "reference",
                    f"référence « {flow['reference']} » déjà utilisée "
                    f"ligne {self.seen_references[key]}.",
                )
                continue
            self.seen_references[key] = number
            cleaned.append((establishment, flow))
            if self.progress and self.report.rows % BATCH == 0:
                self.progress(self.report.rows)
        if self.progress:
            self.progress(self.report.rows)
        return cleaned

    def _write(self, cleaned):
        """All the rows or none, in one short transaction (rolled back for a dry run)."""
        try:
            with transaction.atomic():
                for start in range(0, len(cleaned), BATCH):
                    self._batch(cleaned[start : start + BATCH])
                if self.report.dry_run:
                    raise _Rollback
        except _Rollback:
            pass

    def _batch(self, cleaned):
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
    if report.ok and not dry_run:
        # bulk writes send no post_save: cached territory pages would wait for their timeout
        bump_content_generation()
    return report
