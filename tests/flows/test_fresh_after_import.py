"""A bulk write shows at once on the pages that cache fragments (portal.caching)."""

import pytest
from django.core.management import call_command

from flows.importing import import_flows
from portal.caching import content_generation
from tests.flows.test_import import csv_bytes, row

pytestmark = pytest.mark.django_db


def test_imported_flows_show_on_the_territory_page_at_once(client, network):
    url = f"/territoires/{network.ardennes.slug}/"
    section = f'id="flux-{network.ardennes.slug}"'
    before = client.get(url)
    assert before.status_code == 200 and section not in before.content.decode()
    report = import_flows("flux.csv", csv_bytes(row(), row(reference="AR-002", sens="besoin")))
    assert report.ok and report.created == 2
    page = client.get(url).content.decode()  # no wait for PAGE_FRAGMENT_CACHE_SECONDS
    assert section in page  # the territory's flows section, absent from the cached page


def test_a_dry_run_or_a_refused_file_leaves_the_cache_alone(network):
    generation = content_generation()
    assert import_flows("flux.csv", csv_bytes(row()), dry_run=True).ok
    assert not import_flows("flux.csv", csv_bytes(row(quantite="beaucoup"))).ok
    assert content_generation() == generation


def test_reloading_the_reference_lists_renews_the_generation(capsys):
    generation = content_generation()
    call_command("load_flow_reference")
    assert content_generation() != generation
