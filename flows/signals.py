"""The flows' index follows the register: saves, deletions and imports (in bulk) reach it
once the transaction commits (see `flows.flow_index`)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from flows.flow_index import sync_on_commit
from flows.models import Establishment, Flow

# Sent by `flows.importing.import_flows` after a committed import: `flow_ids` created or
# updated (bulk writes send no post_save).
flows_imported = Signal()


@receiver(post_save, sender=Flow, dispatch_uid="flows_index_flow_saved")
@receiver(post_delete, sender=Flow, dispatch_uid="flows_index_flow_deleted")
def flow_changed(sender, instance, **kwargs):
    sync_on_commit([instance.pk])


@receiver(post_save, sender=Establishment, dispatch_uid="flows_index_site_saved")
def establishment_saved(sender, instance, **kwargs):
    """A site's move or EPCI changes its flows' documents (their copies are updated in
    bulk, without signals)."""
    sync_on_commit(instance.flows.values_list("pk", flat=True))


@receiver(flows_imported, dispatch_uid="flows_index_imported")
def flows_were_imported(sender, flow_ids, **kwargs):
    sync_on_commit(flow_ids)
