"""`manage.py seed_demo`: the demo network, idempotent.

The demo is data under `demo/`, read in this order: the site's structure (`site.yaml`),
the taxonomy (`taxonomy.yaml`), the accounts (`users.yaml`), the attachments
(`documents.yaml`, files in `attachments/`), the members' area (`members.yaml`), then one
Markdown file per knowledge page (`pages/`), imported and published by the code of
`manage.py import_markdown`. Each app then adds its own demo data through the SEED_DEMO
hook (`portal/hooks.py`).

Everything is looked up by slug, username or title before being created, and an unchanged
Markdown file leaves its page as it is, so a second run changes nothing. Passwords are
generated on first creation and printed once.
"""

import secrets
import time

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, Site

from portal.caching import bump_content_generation
from portal.hooks import SEED_DEMO
from portal.knowledge_io.importer import CREATED, REJECTED, UNCHANGED, Importer, markdown_files
from portal.members.demo import seed_member_space
from portal.models import Audience, HomePage, SectionPage, StandardPage, Territory, Theme
from portal.permissions_setup import ensure_members_collection, ensure_roles
from portal.roles import ANIMATION_GROUP, MEMBERS_GROUP

DEMO_DIR = settings.BASE_DIR / "demo"
PAGES_DIR = DEMO_DIR / "pages"
ATTACHMENTS_DIR = DEMO_DIR / "attachments"


def read_demo_file(name):
    """One YAML data file of `demo/`."""
    return yaml.safe_load((DEMO_DIR / name).read_text(encoding="utf-8"))


def stream_value(model, name, raw):
    """A StreamField's value from its raw data, a list of {type, value} blocks."""
    return model._meta.get_field(name).stream_block.to_python(raw)


class Command(BaseCommand):
    help = "Crée (ou complète) le réseau de démonstration ; sans effet si tout existe déjà."

    def handle(self, *args, **options):
        started = time.monotonic()
        self.created = {}
        self.found = {}
        site = read_demo_file("site.yaml")
        taxonomy = read_demo_file("taxonomy.yaml")
        with transaction.atomic():
            self.home = self.seed_home(site["home"])
            self.seed_sections(site["sections"])
            self.seed_standard_pages(site["standard_pages"])
            territories = [{**row, "is_demo": True} for row in taxonomy["territories"]]
            self.territories = self.seed_taxonomy(Territory, territories)
            self.seed_taxonomy(Theme, taxonomy["themes"])
            self.seed_taxonomy(Audience, taxonomy["audiences"])
            self.seed_groups()
            self.seed_users(read_demo_file("users.yaml")["users"])
            self.seed_documents(read_demo_file("documents.yaml")["documents"])
            seed_member_space(self, self.home, read_demo_file("members.yaml"))
            self.import_pages()
            self.seed_app_extras()
        # the apps' seeds write in bulk (no signal): cached fragments must not show the old
        bump_content_generation()
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
    def seed_home(self, values):
        self.step("Page d'accueil et site")
        home = HomePage.objects.first()
        self.tally("page d'accueil", home is None)
        if home is None:
            home = HomePage(**values)
            Page.get_first_root_node().add_child(instance=home)
            home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name=values["title"],
            )
        elif site.root_page_id != home.pk or site.site_name != values["title"]:
            site.root_page = home
            site.site_name = values["title"]
            site.save()
        # Wagtail's default "Welcome" page, a plain Page at depth 2, is no longer used.
        for welcome in Page.objects.filter(
            depth=2, content_type__model="page", content_type__app_label="wagtailcore"
        ):
            if not welcome.get_children().exists() and not welcome.sites_rooted_here.exists():
                self.stdout.write(f"  suppression de la page par défaut « {welcome.title} »")
                welcome.delete()
        return home

    def seed_sections(self, rows):
        self.step("Rubriques (une par axe)")
        for values in rows:
            section = SectionPage.objects.filter(axis=values["axis"]).first()
            self.tally("rubriques", section is None)
            if section is None:
                self.add_published(SectionPage(slug=values["axis"], **values))

    def seed_standard_pages(self, rows):
        self.step("Pages simples")
        for values in map(dict, rows):
            page = StandardPage.objects.child_of(self.home).filter(slug=values["slug"]).first()
            self.tally("pages simples", page is None)
            if page is None:
                body = stream_value(StandardPage, "body", values.pop("body"))
                self.add_published(StandardPage(**values, body=body))

    def add_published(self, page):
        self.home.add_child(instance=page)
        page.save_revision().publish()
        return page

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

    def seed_users(self, rows):
        self.step("Comptes de démonstration")
        user_model = get_user_model()
        groups = {group.name: group for group in Group.objects.all()}
        for values in rows:
            values = dict(values)
            animator = values.pop("animator")
            territory = self.territories.get(values.pop("territory"))
            user = user_model.objects.filter(username=values["username"]).first()
            self.tally("comptes", user is None)
            if user is not None:
                self.stdout.write(f"  {user.username} existe déjà (mot de passe inchangé)")
                continue
            password = secrets.token_urlsafe(12)
            user = user_model.objects.create_user(
                **values, password=password, territory=territory, is_staff=animator
            )
            user.groups.add(groups[MEMBERS_GROUP])
            if animator:
                user.groups.add(groups[ANIMATION_GROUP])
            self.stdout.write(
                self.style.WARNING(f"  {user.username} créé, mot de passe : {password}")
            )

    def seed_documents(self, rows):
        """The files of demo/attachments as Wagtail documents, before the pages that
        attach them by file name are imported."""
        self.step("Documents joints (demo/attachments)")
        document_model = get_document_model()
        for values in rows:
            document = document_model.objects.filter(title=values["title"]).first()
            kind = "documents réservés aux membres" if values.get("members_only") else "documents"
            self.tally(kind, document is None)
            if document is not None:
                continue
            if values.get("members_only"):
                collection = ensure_members_collection()
            else:
                collection = Collection.get_first_root_node()
            document = document_model(title=values["title"], collection=collection)
            with (ATTACHMENTS_DIR / values["file"]).open("rb") as content:
                document.file.save(values["file"], File(content), save=False)
            document.save()

    # --- knowledge pages ----------------------------------------------------------
    def import_pages(self):
        """demo/pages through `import_markdown --publish`: an unchanged file is a no-op."""
        files = markdown_files(PAGES_DIR)
        self.step(f"Pages de connaissance : import de {len(files)} fichiers Markdown")
        importer = Importer(publish=True)
        for path in files:
            result = importer.import_file(path)
            name = path.relative_to(DEMO_DIR)
            if result.status == REJECTED or result.notes:
                raise CommandError(f"{name} : {'; '.join(result.reasons + result.notes)}")
            self.tally("pages de connaissance", result.status == CREATED)
            if result.status not in (CREATED, UNCHANGED):
                self.stdout.write(f"  {name} : mis à jour")
