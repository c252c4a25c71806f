"""The demo's Markdown pages import cleanly (a dry run, without seeding the demo)."""

import re
from io import StringIO

import pytest
import yaml
from django.core.management import call_command
from wagtail.models import Page

from portal.management.commands.seed_demo import DEMO_DIR
from portal.models import Audience, Territory, Theme
from portal.permissions_setup import ensure_roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_taxonomy(site_tree):
    """What the demo pages refer to: the sections, the demo taxonomy, the network's groups."""
    taxonomy = yaml.safe_load((DEMO_DIR / "taxonomy.yaml").read_text(encoding="utf-8"))
    for model, key in ((Territory, "territories"), (Theme, "themes"), (Audience, "audiences")):
        model.objects.bulk_create(model(**row) for row in taxonomy[key])
    ensure_roles()


def test_every_demo_page_file_imports_cleanly_in_a_dry_run(demo_taxonomy):
    files = list((DEMO_DIR / "pages").rglob("*.md"))
    out = StringIO()

    call_command("import_markdown", str(DEMO_DIR / "pages"), "--dry-run", stdout=out)

    output = out.getvalue()
    assert re.search(rf"^créé +{len(files)}$", output, re.MULTILINE), output
    assert re.search(r"^rejeté +0$", output, re.MULTILINE)
    assert not Page.objects.filter(depth__gt=3).exists()  # a dry run saves nothing
