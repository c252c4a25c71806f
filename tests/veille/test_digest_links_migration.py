"""The migration to one digest-item relation keeps every existing link, in order."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from portal.axes import Axis
from portal.factories import MonitoringDigestPageFactory
from veille.models import DigestItem

BEFORE = [("veille", "0004_saved_search")]
AFTER = [("veille", "0006_items_belong_to_digests_through_their_composition")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_items_attached_by_their_digest_column_keep_their_place(site_tree):
    digest = MonitoringDigestPageFactory(parent=site_tree.section(Axis.MONITORING), items=[])
    old_apps = migrate(BEFORE)
    item_model = old_apps.get_model("veille", "MonitoringItem")
    second = item_model.objects.create(title="Deuxième", digest_id=digest.pk, sort_order=1)
    first = item_model.objects.create(title="Première", digest_id=digest.pk, sort_order=0)
    alone = item_model.objects.create(title="Seule")

    migrate(AFTER)

    links = DigestItem.objects.filter(digest_id=digest.pk).order_by("sort_order")
    assert [link.item_id for link in links] == [first.pk, second.pk]
    assert not DigestItem.objects.filter(item_id=alone.pk).exists()
    assert [item.title for item in type(digest).objects.get(pk=digest.pk).items] == [
        "Première",
        "Deuxième",
    ]
