"""Real servers on loopback shared by the tests: an HTTP server for fixture files and an SMTP
server (aiosmtpd) that collects what the portal sends."""

import email
import email.policy
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FeedServer:
    """Serves `routes` ({path: (status, content type, bytes)}) on 127.0.0.1."""

    def __init__(self, host="127.0.0.1", port=0):
        self.routes = {}
        self.requests = []  # (path, Host header) of every request received
        routes, seen = self.routes, self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                seen.append((self.path, self.headers.get("Host")))
                status, content_type, body = routes.get(
                    self.path, (404, "text/plain", b"introuvable")
                )
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path):
        host, port = self.httpd.server_address
        return f"http://{host}:{port}{path}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


class DripServer:
    """An HTTP server on 127.0.0.1 that announces `length` bytes and sends them one
    every `interval` seconds (a feed that never quite ends)."""

    def __init__(self, length=600, interval=1.0):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.length, self.interval = length, interval
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def url(self, path="/lent.xml"):
        host, port = self.sock.getsockname()
        return f"http://{host}:{port}{path}"

    def _serve(self):
        while not self.stopped.is_set():
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._drip, args=(client,), daemon=True).start()

    def _drip(self, client):
        with client:
            try:
                client.recv(4096)
                client.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                    + f"Content-Length: {self.length}\r\n\r\n".encode()
                )
                for _ in range(self.length):
                    if self.stopped.wait(self.interval):
                        return
                    client.sendall(b" ")
            except OSError:
                return

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.sock.close()


class CollectingHandler:
    """Keeps every message; after `fail_after` messages, answers 451 (temporary failure)."""

    def __init__(self):
        self.messages = []
        self.peers = []
        self.fail_after = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's naming
        if self.fail_after is not None and len(self.messages) >= self.fail_after:
            return "451 4.3.0 Panne simulée"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        self.peers.append(session.peer)
        return "250 Message accepted for delivery"

    def recipients(self):
        return [rcpt for rcpts, _ in self.messages for rcpt in rcpts]


def smtp_server_fixture(settings):
    """A real SMTP server on loopback, and Django's SMTP backend pointed at it."""
    handler = CollectingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    try:
        yield handler
    finally:
        controller.stop()
