"""Keep a digest's composition (`selection`) and its attached items in step."""


def attach_digest_items(sender, instance, **kwargs):
    """Publishing a digest attaches the items chosen in its composition, in order."""
    from veille.models import MonitoringDigestPage

    if isinstance(instance, MonitoringDigestPage):
        instance.attach_selection()


def record_attached_item(sender, instance, raw=False, **kwargs):
    """An item attached by code (factory, import) joins the digest's composition too."""
    from veille.models import DigestItem

    if raw or not instance.digest_id:
        return
    if not DigestItem.objects.filter(item=instance).exists():
        DigestItem.objects.create(
            digest_id=instance.digest_id, item=instance, sort_order=instance.sort_order
        )
