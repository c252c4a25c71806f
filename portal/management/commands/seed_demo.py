"""`manage.py seed_demo`: the demo network, idempotent.

Everything is looked up by slug (pages, taxonomy), username, group name or document title
before being created, so a second run finds everything and changes nothing. Passwords
are generated on first creation and printed once.
"""

import datetime
import secrets
import time
from decimal import Decimal

import yaml
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, PageViewRestriction, Site

from portal import demo_content as demo
from portal import factories
from portal.hooks import SEED_DEMO
from portal.members.demo import seed_member_space
from portal.models import Audience, HomePage, SectionPage, StandardPage, Territory, Theme
from portal.permissions_setup import ensure_roles
from portal.roles import ANIMATION_GROUP, MEMBERS_GROUP

DEMO_DIR = settings.BASE_DIR / "demo"
TAXONOMY_FILE = DEMO_DIR / "taxonomy.yaml"


def minimal_pdf(lines):
    """A small valid one-page PDF whose text a PDF reader (and pypdf) can extract."""

    def escape(text):
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    commands = ["BT", "/F1 12 Tf", "16 TL", "56 780 Td"]
    for line in lines:
        commands += [f"({escape(line)}) Tj", "T*"]
    commands.append("ET")
    stream = "\n".join(commands).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(output)
    output += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        output += f"{offset:010d} 00000 n \n".encode()
    output += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(output)


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _datetime(value):
    return timezone.make_aware(datetime.datetime.combine(_date(value), datetime.time(9, 30)))


class Command(BaseCommand):
    help = "Crée (ou complète) le réseau de démonstration ; sans effet si tout existe déjà."

    def handle(self, *args, **options):
        started = time.monotonic()
        self.created = {}
        self.found = {}
        with transaction.atomic():
            self.home = self.seed_home()
            self.sections = self.seed_sections()
            self.seed_standard_pages()
            taxonomy = yaml.safe_load(TAXONOMY_FILE.read_text(encoding="utf-8"))
            self.territories = self.seed_taxonomy(
                Territory, [{**row, "is_demo": True} for row in taxonomy["territories"]]
            )
            self.themes = self.seed_taxonomy(Theme, taxonomy["themes"])
            self.audiences = self.seed_taxonomy(Audience, taxonomy["audiences"])
            self.members = self.seed_groups()
            self.seed_users()
            self.documents = self.seed_documents()
            seed_member_space(self, self.home, minimal_pdf)
            self.seed_knowledge_pages()
            self.seed_app_extras()
        self.stdout.write("")
        for kind in sorted(set(self.created) | set(self.found)):
            self.stdout.write(
                f"  {kind:<28} créés : {self.created.get(kind, 0):>3}"
                f"   déjà présents : {self.found.get(kind, 0):>3}"
            )
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Jeu de démonstration prêt en {elapsed:.1f} s."))

    def seed_app_extras(self):
        """Each app adds what only it knows (indicator values, kits...) through the
        `portal.hooks.SEED_DEMO` Wagtail hook."""
        for seed in hooks.get_hooks(SEED_DEMO):
            seed(self)

    # --- bookkeeping --------------------------------------------------------------
    def tally(self, kind, created):
        bucket = self.created if created else self.found
        bucket[kind] = bucket.get(kind, 0) + 1

    def step(self, message):
        self.stdout.write(f"→ {message}")

    # --- structure ----------------------------------------------------------------
    def seed_home(self):
        self.step("Page d'accueil et site")
        home = HomePage.objects.first()
        self.tally("page d'accueil", home is None)
        if home is None:
            root = Page.get_first_root_node()
            home = factories.HomePageFactory.build(
                title=demo.HOME["title"], slug=demo.HOME["slug"], intro=demo.HOME["intro"]
            )
            root.add_child(instance=home)
            home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name=demo.HOME["title"],
            )
        elif site.root_page_id != home.pk or site.site_name != demo.HOME["title"]:
            site.root_page = home
            site.site_name = demo.HOME["title"]
            site.save()
        # Wagtail's default "Welcome" page, a plain Page at depth 2, is no longer used.
        for welcome in Page.objects.filter(
            depth=2, content_type__model="page", content_type__app_label="wagtailcore"
        ):
            if not welcome.get_children().exists() and not welcome.sites_rooted_here.exists():
                self.stdout.write(f"  suppression de la page par défaut « {welcome.title} »")
                welcome.delete()
        return home

    def seed_sections(self):
        self.step("Rubriques (une par axe)")
        sections = {}
        for values in demo.SECTIONS:
            section = SectionPage.objects.filter(axis=values["axis"]).first()
            self.tally("rubriques", section is None)
            if section is None:
                section = factories.SectionPageFactory.build(
                    axis=values["axis"],
                    slug=values["axis"],
                    title=values["title"],
                    intro=values["intro"],
                )
                self.home.add_child(instance=section)
                section.save_revision().publish()
            sections[values["axis"]] = section
        return sections

    def seed_standard_pages(self):
        self.step("Pages simples")
        for values in demo.STANDARD_PAGES:
            page = StandardPage.objects.child_of(self.home).filter(slug=values["slug"]).first()
            self.tally("pages simples", page is None)
            if page is None:
                page = factories.StandardPageFactory.build(
                    slug=values["slug"], title=values["title"], body=values["body"]
                )
                self.home.add_child(instance=page)
                page.save_revision().publish()

    # --- taxonomy, groups, users, documents ---------------------------------------
    def seed_taxonomy(self, model, rows):
        label = str(model._meta.verbose_name_plural)
        self.step(label.capitalize())
        terms = {}
        for values in rows:
            values = dict(values)
            slug = values.pop("slug")
            term, created = model.objects.get_or_create(slug=slug, defaults=values)
            self.tally(label, created)
            terms[slug] = term
        return terms

    def seed_groups(self):
        self.step("Groupes, permissions et workflow de relecture (setup_roles)")
        report = ensure_roles()
        for kind, count in report.created.items():
            self.created[kind] = self.created.get(kind, 0) + count
        self.animation = Group.objects.get(name=ANIMATION_GROUP)
        return Group.objects.get(name=MEMBERS_GROUP)

    def seed_users(self):
        self.step("Comptes de démonstration")
        user_model = get_user_model()
        for values in demo.USERS:
            user = user_model.objects.filter(username=values["username"]).first()
            self.tally("comptes", user is None)
            if user is not None:
                self.stdout.write(f"  {user.username} existe déjà (mot de passe inchangé)")
                continue
            password = secrets.token_urlsafe(12)
            user = factories.UserFactory(
                username=values["username"],
                first_name=values["first_name"],
                last_name=values["last_name"],
                email=values["email"],
                structure=values["structure"],
                password=password,
                territory=self.territories.get(values["territory"]),
                is_staff=values["animator"],
            )
            user.groups.add(self.members)
            if values["animator"]:
                user.groups.add(self.animation)
            self.stdout.write(
                self.style.WARNING(f"  {user.username} créé, mot de passe : {password}")
            )

    def seed_documents(self):
        self.step("Documents PDF")
        document_model = get_document_model()
        documents = {}
        for key, values in demo.DOCUMENTS.items():
            document = document_model.objects.filter(title=values["title"]).first()
            self.tally("documents", document is None)
            if document is None:
                document = document_model(
                    title=values["title"], collection=Collection.get_first_root_node()
                )
                document.file.save(
                    values["filename"], ContentFile(minimal_pdf(values["lines"])), save=False
                )
                document.save()
            documents[key] = document
        return documents

    # --- knowledge pages ----------------------------------------------------------
    def seed_knowledge_pages(self):
        plan = [
            (
                "capitalisation.ExperienceFeedbackPage",
                "savoirs",
                demo.EXPERIENCE_FEEDBACKS,
                self.experience_fields,
            ),
            (
                "capitalisation.MethodologySheetPage",
                "savoirs",
                demo.METHODOLOGY_SHEETS,
                self.methodology_fields,
            ),
            (
                "capitalisation.IndicatorGuidePage",
                "indicateurs",
                demo.INDICATOR_GUIDES,
                self.indicator_fields,
            ),
            ("veille.MonitoringDigestPage", "veille", self.digest_rows(), self.digest_fields),
            (
                "training.TrainingNeedsSurveyPage",
                "formation",
                demo.TRAINING_SURVEYS,
                self.survey_fields,
            ),
            (
                "communication_kits.CommunicationTemplatePage",
                "communication",
                demo.COMMUNICATION_TEMPLATES,
                self.communication_fields,
            ),
        ]
        for type_name, axis, rows, own_fields in plan:
            model = apps.get_model(type_name)
            factory_class = factories.KNOWLEDGE_PAGE_FACTORIES[type_name]
            label = str(model._meta.verbose_name_plural)
            self.step(f"{label.capitalize()} ({len(rows)})")
            section = self.sections[axis]
            for index, row in enumerate(rows):
                page = model.objects.child_of(section).filter(slug=row["slug"]).first()
                self.tally(label, page is None)
                if page is None:
                    page = factory_class(
                        parent=section,
                        attachments=[self.documents[key] for key in row.get("attachments", [])],
                        **{**self.common_fields(row, index), **own_fields(row)},
                    )
                if row.get("members_only"):
                    self.restrict(page)

    def common_fields(self, row, index):
        territory_slugs = row.get("territories")
        if territory_slugs is None:  # spread the unassigned pages over the network
            territory_slugs = [list(self.territories)[index % len(self.territories)]]
        date = _date(row["date"])
        return {
            "slug": row["slug"],
            "title": row["title"],
            "summary": row["summary"],
            "publication_date": date,
            "first_published_at": _datetime(row["date"]),
            "last_reviewed": _date(row.get("reviewed")),
            "next_review": _date(row.get("next_review")),
            "themes": [self.themes[slug] for slug in row["themes"]],
            "territories": [self.territories[slug] for slug in territory_slugs],
            "audiences": [self.audiences[slug] for slug in row.get("audiences", ["animateurs"])],
            "tags": row.get("tags", []),
            "body": row.get("body", []),
        }

    def restrict(self, page):
        restriction = PageViewRestriction.objects.filter(
            page=page, restriction_type=PageViewRestriction.GROUPS
        ).first()
        self.tally("restrictions membres", restriction is None)
        if restriction is None:
            restriction = PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.GROUPS
            )
        restriction.groups.add(self.members, self.animation)

    @staticmethod
    def experience_fields(row):
        fields = {
            name: row.get(name, "")
            for name in ("partner_companies", "context", "actions", "results", "lessons_learned")
        }
        fields.update(
            synergy_type=row["synergy_type"],
            flows=row["flows"],
            status=row["status"],
            year=row["year"],
            jobs=row.get("jobs"),
        )
        for name in (
            "waste_tonnes_avoided",
            "energy_mwh_saved",
            "water_m3_saved",
            "euros_saved",
            "co2e_tonnes_avoided",
        ):
            fields[name] = Decimal(row[name]) if row.get(name) else None
        return fields

    @staticmethod
    def methodology_fields(row):
        return {
            "objective": row["objective"],
            "when_to_use": row["when_to_use"],
            "duration": row["duration"],
            "difficulty": row["difficulty"],
            "prerequisites": row["prerequisites"],
            "steps": [("step", {"title": title, "text": text}) for title, text in row["steps"]],
        }

    @staticmethod
    def indicator_fields(row):
        fields = {
            name: row[name]
            for name in (
                "code",
                "unit",
                "definition",
                "calculation_method",
                "data_sources",
                "collection_frequency",
                "purpose",
                "reference",
                "limits",
                "example",
            )
        }
        figures = [{"value": "1", "unit": row["unit"], "label": "unité de mesure retenue"}]
        fields["body"] = [
            (
                "steps",
                [
                    {"title": "Collecter", "text": "Interroger les référents des synergies."},
                    {"title": "Vérifier", "text": "Comparer avec l'année précédente."},
                    {"title": "Consolider", "text": "Saisir dans le tableau de bord régional."},
                ],
            ),
            ("key_figures", figures),
        ]
        return fields

    @staticmethod
    def digest_rows():
        rows = []
        for slug, title, year, month, editorial, items in demo.MONITORING_DIGESTS:
            start = datetime.date(year, month, 1)
            end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(1)
            meta = demo.MONITORING_META.get(slug, {})
            rows.append(
                {
                    "slug": slug,
                    "title": title,
                    "date": end.isoformat(),
                    "summary": f"{editorial} {len(items)} informations sélectionnées.",
                    "editorial": editorial,
                    "items": items,
                    "start": start,
                    "end": end,
                    "territories": meta.get("territories", []),
                    "themes": sorted({theme for *_, themes in items for theme in themes}),
                    "audiences": ["animateurs"],
                    "tags": ["veille", *meta.get("tags", [])],
                }
            )
        return rows

    def digest_fields(self, row):
        return {
            "period_start": row["start"],
            "period_end": row["end"],
            "editorial": row["editorial"],
            "items": [
                {
                    "title": title,
                    "source": source,
                    "category": category,
                    "summary": summary,
                    "date": row["start"] + datetime.timedelta(days=3 * n),
                    "link": f"https://exemple.fr/veille/{row['slug']}/{n + 1}",
                }
                for n, (title, source, category, summary, _themes) in enumerate(row["items"])
            ],
        }

    @staticmethod
    def survey_fields(row):
        opens = row.get("opens") or row["date"]
        closes = row.get("closes") or (_date(opens) + datetime.timedelta(days=45)).isoformat()
        return {
            "intro": row["intro"],
            "thank_you_text": "Merci ! Vos réponses seront présentées à la prochaine "
            "rencontre du réseau.",
            "opens_at": _datetime(opens),
            "closes_at": _datetime(closes),
            "form_fields": [
                {"label": label, "field_type": field_type, "choices": choices, "required": required}
                for label, field_type, choices, required in row["questions"]
            ],
        }

    @staticmethod
    def communication_fields(row):
        return {"kind": row["kind"], "template_body": row["template_body"]}
