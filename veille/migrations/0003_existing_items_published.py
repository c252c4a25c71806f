from django.db import migrations


def forwards(apps, schema_editor):
    """Items of existing digests were public: mark them published and compose the digests."""
    MonitoringItem = apps.get_model("veille", "MonitoringItem")
    DigestItem = apps.get_model("veille", "DigestItem")
    items = MonitoringItem.objects.filter(digest__isnull=False).order_by("digest_id", "sort_order", "pk")
    items.update(status="publie")
    linked = set(DigestItem.objects.values_list("item_id", flat=True))
    DigestItem.objects.bulk_create(
        DigestItem(digest_id=item.digest_id, item_id=item.pk, sort_order=item.sort_order)
        for item in items
        if item.pk not in linked
    )


def backwards(apps, schema_editor):
    """Back to inline items: an item outside any digest has no place in the old shape."""
    apps.get_model("veille", "MonitoringItem").objects.filter(digest__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("veille", "0002_items_as_snippets")]

    operations = [migrations.RunPython(forwards, backwards)]
