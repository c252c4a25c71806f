"""A realistic knowledge base for the search benchmark, and the query classes measured on it.

The text comes from the field's own vocabulary: the European waste list's labels and the
treatment operations (data/reference), the communes of Grand Est, the six axes, the
methods and the industries facilitators work with. Words are drawn with Zipf-like
weights (the n-th most frequent item weighs 1/n), so a few words are everywhere and most
are rare, as in a real knowledge base; 300 subjects, themselves Zipf-distributed; text
lengths log-normal around those of real experience feedback, method sheets and indicator
guides; a share of the pages carries an attachment drawn from a pool of PDFs.

Pure Python (no Django): bench/generate_documents.py inserts the pages, and
bench/search_latency.py measures the query classes (QUERY_CLASSES) on them.
"""

import csv
import itertools
import math
import random
from bisect import bisect
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

REFERENCE = Path(__file__).resolve().parent.parent / "data" / "reference"
SUBJECT_COUNT = 300
ATTACHMENT_SHARE = 0.08
ATTACHMENT_POOL = 200

AXES = [
    "échanges de savoirs et méthodes", "communication", "formation", "veille",
    "indicateurs", "outils et capitalisation",
]  # fmt: skip
METHODS = [
    "diagnostic de flux", "atelier de détection de synergies", "cartographie des flux",
    "visite de site", "entretien individuel", "questionnaire en ligne", "étude de faisabilité",
    "analyse du cycle de vie", "bilan carbone", "comité de pilotage", "convention de partenariat",
    "appel à manifestation d'intérêt", "revue de projet", "benchmark des filières",
    "fiche action", "matrice des flux", "plan d'actions", "suivi des indicateurs",
    "club d'entreprises", "rencontre régionale", "webinaire", "formation-action",
    "groupe de travail", "audit énergétique", "étude de gisement",
]  # fmt: skip
INDUSTRIES = [
    "fonderie", "papeterie", "cimenterie", "sucrerie", "laiterie", "brasserie", "menuiserie",
    "imprimerie", "garage", "scierie", "verrerie", "abattoir", "entreprise de plasturgie",
    "chaudronnerie", "blanchisserie", "hôpital", "centre de tri", "station d'épuration",
    "plateforme logistique", "malterie", "distillerie", "tuilerie", "carrière",
    "boulangerie industrielle", "maison de champagne", "coopérative agricole",
    "entreprise de travaux publics", "usine chimique", "tannerie", "aciérie",
]  # fmt: skip
ACTIONS = [
    "la valorisation", "le réemploi", "la collecte mutualisée", "le recyclage", "le tri",
    "la réduction", "la régénération", "le compostage", "la méthanisation",
    "la substitution de matières premières par", "le stockage", "le transport mutualisé",
]  # fmt: skip
CONNECTIVES = [
    "Par ailleurs,", "En outre,", "Dans un premier temps,", "Ensuite,", "Enfin,", "De plus,",
    "À terme,", "Pour cela,", "Au total,", "En pratique,",
]  # fmt: skip
TEMPLATES = [
    "{conn} la {industry} de {commune} produit des {waste} repris pour {operation}.",
    "Le {method} a permis d'identifier des gisements de {waste} chez une {industry}.",
    "{conn} les entreprises de {commune} ont engagé {action} des {waste}.",
    "L'animateur a organisé un {method} avec la {industry} et ses voisins de {commune}.",
    "Les tonnages de déchets évités ({waste}) ont été suivis pendant {years} ans.",
    "{conn} la démarche relève de l'axe « {axis} » du réseau régional.",
    "Une {industry} de {commune} cherche un exutoire pour ses {waste}.",
    "{conn} l'opération retenue est : {operation}.",
    "Le retour d'expérience montre que {action} des {waste} reste rentable.",
    "{conn} la collectivité de {commune} accompagne le {method}.",
    "Les gains économiques dépassent {amount} euros par an pour la {industry}.",
    "{conn} un {method} a réuni {count} entreprises à {commune}.",
    "Les émissions de gaz à effet de serre évitées sont estimées à {amount} tonnes.",
    "{conn} la {industry} mutualise avec une {industry2} la gestion des {waste}.",
]  # fmt: skip
KINDS = {
    # page kind: (share of the pages, median words, log-normal sigma)
    "experience": (0.5, 450, 0.6),
    "methodology": (0.4, 300, 0.6),
    "indicator": (0.1, 160, 0.4),
}


class Zipf:
    """Draws items with weight 1/rank^s (the first item is the most frequent)."""

    def __init__(self, items, s=1.0):
        self.items = list(items)
        self.cumulative = list(
            itertools.accumulate(1 / (n**s) for n in range(1, len(self.items) + 1))
        )

    def __call__(self, rng):
        return self.items[bisect(self.cumulative, rng.random() * self.cumulative[-1])]

    def __len__(self):
        return len(self.items)


def _read(name):
    with (REFERENCE / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _shuffled(items, seed):
    items = list(items)
    random.Random(seed).shuffle(items)
    return items


@dataclass
class Page:
    kind: str
    title: str
    summary: str
    body: str
    attachment: int | None  # index in the attachment pool, or None


class Corpus:
    """The vocabulary and the page generator (deterministic for a given seed)."""

    def __init__(self, seed: int = 42):
        self.seed = seed

    @cached_property
    def wastes(self) -> Zipf:
        labels = [
            _lower_first(row["libelle"].strip())
            for row in _read("liste-europeenne-des-dechets.csv")
            if row["niveau"] == "rubrique" and "(" not in row["libelle"]
        ]
        labels = [label.removeprefix("déchets ").removeprefix("de ") for label in labels]
        return Zipf(_shuffled(dict.fromkeys(labels), 7))

    @cached_property
    def operations(self) -> Zipf:
        labels = [
            _lower_first(row["libelle"].strip()) for row in _read("operations-de-traitement.csv")
        ]
        return Zipf(_shuffled(labels, 11))

    @cached_property
    def communes(self) -> Zipf:
        rows = sorted(_read("communes-grand-est.csv"), key=lambda row: -int(row["population"] or 0))
        return Zipf(dict.fromkeys(row["nom"] for row in rows))

    @cached_property
    def subjects(self) -> Zipf:
        rng = random.Random(self.seed * 7 + 1)
        subjects = set()
        while len(subjects) < SUBJECT_COUNT:
            waste = self.wastes(rng)
            if len(waste) < 70:
                subjects.add(f"{rng.choice(ACTIONS)} des {waste}")
        return Zipf(sorted(subjects), s=0.9)

    def rare_word(self) -> str:
        """A commune's single-word name far down the Zipf ranks: a few pages per 10,000."""
        for name in self.communes.items[3000:]:
            if name.isalpha() and len(name) > 6:
                return name
        raise LookupError("no rare commune")

    def sentence(self, rng) -> str:
        fields = {
            "conn": rng.choice(CONNECTIVES),
            "industry": rng.choice(INDUSTRIES),
            "industry2": rng.choice(INDUSTRIES),
            "commune": self.communes(rng),
            "waste": self.wastes(rng),
            "operation": self.operations(rng),
            "method": rng.choice(METHODS[: rng.randint(3, len(METHODS))]),
            "action": rng.choice(ACTIONS),
            "axis": rng.choice(AXES),
            "years": rng.randint(2, 6),
            "amount": rng.randint(5, 900) * 10,
            "count": rng.randint(4, 60),
        }
        text = rng.choice(TEMPLATES).format(**fields)
        return text[0].upper() + text[1:]

    def text(self, rng, words: int) -> str:
        paragraphs, paragraph, count = [], [], 0
        while count < words:
            sentence = self.sentence(rng)
            paragraph.append(sentence)
            count += sentence.count(" ") + 1
            if len(paragraph) >= rng.randint(3, 6):
                paragraphs.append(" ".join(paragraph))
                paragraph = []
        if paragraph:
            paragraphs.append(" ".join(paragraph))
        return "\n\n".join(paragraphs)

    def kind(self, number: int) -> str:
        position = (number * 0.6180339887) % 1  # evenly spread, deterministic
        for kind, (share, _, _) in KINDS.items():
            if position < share:
                return kind
            position -= share
        return "experience"

    def page(self, number: int) -> Page:
        rng = random.Random(self.seed * 1_000_003 + number)
        kind = self.kind(number)
        _, median, sigma = KINDS[kind]
        words = max(40, int(rng.lognormvariate(math.log(median), sigma)))
        subject = self.subjects(rng)
        commune = self.communes(rng)
        if kind == "indicator":
            title = f"Suivre {subject} : tonnages et coûts ({number})"
        elif kind == "methodology":
            title = f"{rng.choice(METHODS).capitalize()} pour {subject} ({number})"
        else:
            title = f"{subject[:1].upper()}{subject[1:]} à {commune} ({number})"
        summary = f"Comment {subject} a été menée à {commune} avec une {rng.choice(INDUSTRIES)}."
        attachment = None
        if rng.random() < ATTACHMENT_SHARE:
            attachment = rng.randrange(ATTACHMENT_POOL)
        return Page(kind, title, summary, self.text(rng, words), attachment)

    def attachment_text(self, index: int) -> str:
        """The text of the pool's `index`-th PDF: a report of about 300 words."""
        rng = random.Random(self.seed * 31 + index)
        return f"Rapport annexe {index}. " + self.text(rng, 300).replace("\n\n", " ")


@dataclass(frozen=True)
class QueryClass:
    name: str
    q: str = ""
    filters: tuple = ()
    page: int = 1

    def params(self) -> dict:
        return {"q": self.q, **dict(self.filters), "page": self.page}


def query_classes(corpus: Corpus | None = None) -> list[QueryClass]:
    """The query shapes people type, each measured apart (bench/search_latency.py)."""
    corpus = corpus or Corpus()
    return [
        QueryClass("mot rare", corpus.rare_word()),
        QueryClass("mot courant", "déchets"),
        QueryClass("deux ou trois mots", "valorisation huiles fonderie"),
        QueryClass("expression", "retour d'expérience sur la collecte mutualisée"),
        QueryClass("synonyme", "REX méthanisation"),
        QueryClass("faute de frappe", "métanisation"),
        QueryClass("facettes seules", "", (("territory", ["grand-reims"]), ("theme", ["energie"]))),
        QueryClass("sans résultat", "zorglubisation"),
        QueryClass("page 10", "déchets", page=10),
    ]
