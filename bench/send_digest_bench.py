"""Time `send_digest` to 5,000 confirmed subscribers through a real SMTP server.

`.venv/bin/python bench/send_digest_bench.py [--subscribers 5000]`: starts an aiosmtpd
server on loopback, migrates a temporary SQLite database (or DATABASE_URL), creates the
subscribers with bulk_create and one published digest, sends it with `send_digest` and
prints the time and the messages per second.
"""

import argparse
import os
import socket
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class CountingHandler:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's naming
        self.count += 1
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subscribers", type=int, default=5000)
    args = parser.parse_args()

    from aiosmtpd.controller import Controller

    handler = CountingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()

    tmpdir = tempfile.TemporaryDirectory(prefix="send-digest-bench-")
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmpdir.name}/bench.sqlite3")
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
    os.environ.setdefault("SEARCH_INDEX_PREFIX", "bench")
    os.environ.setdefault("DEBUG", "False")
    os.environ.pop("ELASTICSEARCH_URL", None)
    try:
        import django

        django.setup()
        from django.core.management import call_command

        print(f"Base : {os.environ['DATABASE_URL']} ; SMTP : 127.0.0.1:{port}")
        call_command("migrate", verbosity=0)
        run(args.subscribers, handler, call_command)
    finally:
        controller.stop()
        tmpdir.cleanup()


def run(count, handler, call_command):
    from django.utils import timezone
    from wagtail.models import Page, Site

    from portal.axes import Axis
    from portal.factories import HomePageFactory, MonitoringDigestPageFactory, SectionPageFactory
    from veille.models import DigestDelivery, Subscriber

    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug=f"bench-{int(time.time())}")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    section = SectionPageFactory(parent=home, axis=Axis.MONITORING)
    digest = MonitoringDigestPageFactory(
        parent=section,
        title="Veille (banc d'essai)",
        items=[
            {"title": f"Information {n}", "summary": "Un résumé de quelques mots. " * 5}
            for n in range(12)
        ],
    )
    now = timezone.now()
    start = time.perf_counter()
    Subscriber.objects.bulk_create(
        [Subscriber(email=f"abonne{n}@exemple.fr", confirmed_at=now) for n in range(count)],
        batch_size=1000,
    )
    print(f"{count} abonnés créés en {time.perf_counter() - start:.1f} s")

    start = time.perf_counter()
    call_command("send_digest", str(digest.pk), "--batch-size", "500")
    elapsed = time.perf_counter() - start
    sent = DigestDelivery.objects.filter(digest=digest).count()
    print(
        f"send_digest : {sent} messages en {elapsed:.1f} s, {sent / elapsed:.0f} messages/s "
        f"(reçus par le serveur SMTP : {handler.count})"
    )


if __name__ == "__main__":
    main()
