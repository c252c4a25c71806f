from django.apps import AppConfig


class VeilleConfig(AppConfig):
    name = "veille"
    verbose_name = "Veille"

    def ready(self):
        from django.db.models.signals import post_save
        from wagtail.signals import page_published

        from veille import signals

        page_published.connect(signals.attach_digest_items, dispatch_uid="veille_attach_items")
        post_save.connect(
            signals.record_attached_item,
            sender="veille.MonitoringItem",
            dispatch_uid="veille_record_attached_item",
        )
