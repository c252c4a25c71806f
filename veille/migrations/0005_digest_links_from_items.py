"""Every item attached to a digest gets its composition row, in the digest's order, before
the item's own digest column goes: the composition becomes the one relation."""

from django.db import migrations


def links_from_items(apps, schema_editor):
    item_model = apps.get_model("veille", "MonitoringItem")
    link_model = apps.get_model("veille", "DigestItem")
    linked = set(link_model.objects.values_list("digest_id", "item_id"))
    attached = item_model.objects.filter(digest__isnull=False).order_by("sort_order", "pk")
    new_links = [
        link_model(digest_id=item.digest_id, item_id=item.pk, sort_order=item.sort_order)
        for item in attached.only("pk", "digest_id", "sort_order")
        if (item.digest_id, item.pk) not in linked
    ]
    link_model.objects.bulk_create(new_links, batch_size=500)
    # The published composition is the items' digest: rows of another digest are stale.
    for item in attached.only("pk", "digest_id"):
        link_model.objects.filter(item_id=item.pk).exclude(digest_id=item.digest_id).delete()


def items_from_links(apps, schema_editor):
    item_model = apps.get_model("veille", "MonitoringItem")
    link_model = apps.get_model("veille", "DigestItem")
    for link in link_model.objects.order_by("digest_id", "sort_order", "pk"):
        item_model.objects.filter(pk=link.item_id).update(
            digest_id=link.digest_id, sort_order=link.sort_order
        )


class Migration(migrations.Migration):
    dependencies = [("veille", "0004_saved_search")]

    operations = [migrations.RunPython(links_from_items, items_from_links)]
