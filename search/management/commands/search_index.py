"""manage.py search_index rebuild|reindex|status|sync|purge_logs: the search index's upkeep."""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from wagtail import hooks

from portal.caching import bump_content_generation
from portal.hooks import SEARCH_REBUILD
from search import document_changes, indexing, service
from search.engines import database
from search.engines import elasticsearch as es
from search.store import PendingIndexOperation, SearchDocument, SearchQueryLog
from search.tasks import apply_operation, replay_pending


class Progress:
    """A plain-text progress line: "1200/10000 (12%)"."""

    def __init__(self, stdout, total, every=500):
        self.stdout, self.total, self.every = stdout, max(total, 0), every

    def update(self, done, final=False):
        if final or done % self.every == 0:
            percent = int(done * 100 / self.total) if self.total else 100
            self.stdout.write(f"{done}/{self.total} ({percent}%)")


class Command(BaseCommand):
    help = "Reconstruit, contrôle ou resynchronise l'index de recherche."

    def add_arguments(self, parser):
        parser.add_argument(
            "action", choices=["rebuild", "reindex", "status", "sync", "purge_logs"]
        )
        parser.add_argument(
            "--days",
            type=int,
            default=365,
            help="purge_logs : durée de conservation du journal des recherches, en jours.",
        )

    def handle(self, *args, action, days=365, **options):
        if action == "purge_logs":
            self.purge_logs(days)
        else:
            getattr(self, action)()

    # --- rebuild ------------------------------------------------------------------------
    def rebuild(self):
        started = time.monotonic()
        total = indexing.count_pages()
        self.stdout.write(f"Reconstruction de l'index : {total} pages à indexer.")
        progress = Progress(self.stdout, total)
        seen = set()
        documents = indexing.write_database_batches(indexing.iter_documents(), seen)
        done = 0
        if service.elasticsearch_configured():
            done = self._fill_new_index(documents, progress)
        else:
            for done, _ in enumerate(documents, start=1):
                progress.update(done)
        progress.update(done, final=True)
        # Rows of pages no longer live, in batches (SQLite caps a statement's parameters).
        gone = set(SearchDocument.objects.values_list("page_id", flat=True)) - seen
        for batch in indexing.batched(sorted(gone), indexing.BATCH_SIZE):
            database.delete_documents(batch)
        PendingIndexOperation.objects.all().delete()
        bump_content_generation()  # cached "see also" lists were read from the old index
        self.stdout.write(
            self.style.SUCCESS(f"{done} documents indexés en {time.monotonic() - started:.1f} s.")
        )
        for rebuild_own_index in hooks.get_hooks(SEARCH_REBUILD):
            rebuild_own_index(self.stdout)

    def _fill_new_index(self, documents, progress) -> int:
        """Stream documents into a new Elasticsearch index, then swap the alias to it."""
        try:
            index = es.create_index(bulk_load=True)
        except service.ENGINE_ERRORS as error:
            raise CommandError(f"Elasticsearch ne répond pas : {error}") from error
        done = 0
        try:
            for done in es.bulk_index(documents, index):
                progress.update(done)
            es.finish_bulk_load(index)
            removed = es.swap_alias(index)
        except BaseException:
            # The alias still points at the previous index: drop the half-built one.
            es.indexing_client().indices.delete(index=index, ignore_unavailable=True)
            raise
        self.stdout.write(
            f"Alias {es.alias_name()} → {index} ; anciens index supprimés : {len(removed)}"
        )
        return done

    # --- reindex ------------------------------------------------------------------------
    def reindex(self):
        """Elasticsearch alone, from the documents the database engine stores: after a
        mapping or analysis change, on a new or restored cluster. The documents are not
        built again, so it takes the time of Elasticsearch's own indexing; it refuses when
        the stored documents are behind the pages (then `rebuild` or `sync`). The apps'
        own indexes (SEARCH_REBUILD) are rebuilt after it, as by `rebuild`."""
        if not service.elasticsearch_configured():
            raise CommandError("Elasticsearch n'est pas configuré (ELASTICSEARCH_URL vide).")
        started = time.monotonic()
        drift = self._database_drift(
            indexing.live_versions(), document_changes.live_content_hashes()
        )
        if not drift.clean:
            self._report("Moteur base de données", drift)
            raise CommandError(
                "Les documents stockés ne suivent pas les pages : lancez "
                "« search_index sync » ou « search_index rebuild »."
            )
        total = SearchDocument.objects.count()
        self.stdout.write(f"Réindexation Elasticsearch : {total} documents stockés.")
        progress = Progress(self.stdout, total)
        done = self._fill_new_index(indexing.stored_documents(), progress)
        progress.update(done, final=True)
        done_pending, failed = replay_pending()  # writes that failed meanwhile, if any
        if done_pending or failed:
            self.stdout.write(f"Opérations rejouées : {done_pending}, en échec : {failed}")
        bump_content_generation()
        self.stdout.write(
            self.style.SUCCESS(f"{done} documents indexés en {time.monotonic() - started:.1f} s.")
        )
        for rebuild_own_index in hooks.get_hooks(SEARCH_REBUILD):  # a new cluster needs them
            rebuild_own_index(self.stdout)

    # --- status -------------------------------------------------------------------------
    def _report(self, name, drift):
        self.stdout.write(
            f"{name} : {drift.indexed} documents pour {drift.expected} pages publiées."
        )
        for label, ids in (
            ("absentes de l'index", drift.missing),
            ("périmées", drift.stale),
            ("en trop dans l'index", drift.extra),
        ):
            if ids:
                shown = ", ".join(str(pk) for pk in ids[:20])
                more = " …" if len(ids) > 20 else ""
                self.stdout.write(f"  {len(ids)} pages {label} : {shown}{more}")
        if drift.clean:
            self.stdout.write("  Aucun écart.")

    def status(self):
        live = indexing.live_versions()
        hashes = document_changes.live_content_hashes()
        self._report("Moteur base de données", self._database_drift(live, hashes))
        if service.elasticsearch_configured():
            try:
                self.stdout.write(
                    f"Index Elasticsearch : {', '.join(es.aliased_indices()) or 'aucun'}"
                )
                self._report("Elasticsearch", self._elasticsearch_drift(live, hashes))
            except service.ENGINE_ERRORS as error:
                self.stdout.write(f"Elasticsearch ne répond pas : {error}")
        else:
            self.stdout.write("Elasticsearch n'est pas configuré (ELASTICSEARCH_URL vide).")
        pending = PendingIndexOperation.objects.count()
        self.stdout.write(f"Opérations en attente : {pending}")

    # Stale also covers a page whose attached documents differ from the indexed ones.
    def _database_drift(self, live, hashes):
        drift = indexing.compare(live, indexing.database_versions())
        return document_changes.add_document_drift(
            drift, hashes, document_changes.database_content_hashes()
        )

    def _elasticsearch_drift(self, live, hashes):

        drift = indexing.compare(live, es.indexed_versions())
        return document_changes.add_document_drift(
            drift, hashes, document_changes.elasticsearch_content_hashes()
        )

    # --- sync ---------------------------------------------------------------------------
    def sync(self):
        done, failed = replay_pending()
        self.stdout.write(f"Opérations rejouées : {done}, en échec : {failed}")
        live = indexing.live_versions()
        hashes = document_changes.live_content_hashes()
        drifts = [self._database_drift(live, hashes)]
        if service.elasticsearch_configured():
            try:
                drifts.append(self._elasticsearch_drift(live, hashes))
            except service.ENGINE_ERRORS as error:
                raise CommandError(f"Elasticsearch ne répond pas : {error}") from error
        to_index = sorted({pk for d in drifts for pk in d.missing + d.stale})
        to_remove = sorted({pk for d in drifts for pk in d.extra})
        fixed = sum(apply_operation(pk, PendingIndexOperation.INDEX) for pk in to_index)
        fixed += sum(apply_operation(pk, PendingIndexOperation.DELETE) for pk in to_remove)
        self.stdout.write(
            self.style.SUCCESS(f"Écarts corrigés : {fixed} sur {len(to_index) + len(to_remove)}.")
        )

    # --- purge_logs ---------------------------------------------------------------------
    def purge_logs(self, days):
        if days < 1:
            raise CommandError("--days doit valoir au moins 1.")
        limit = timezone.localdate() - datetime.timedelta(days=days)
        deleted, _ = SearchQueryLog.objects.filter(day__lt=limit).delete()
        self.stdout.write(
            self.style.SUCCESS(
                f"Journal des recherches : {deleted} lignes antérieures au {limit} supprimées."
            )
        )
