"""A small multi-process, multi-threaded WSGI server for measurements and live tests.

`python -m partnercenter.hooks.serve 127.0.0.1:8765 --workers 2` forks workers
that share the port (SO_REUSEPORT; the kernel spreads connections), each a
threaded WSGI server (Django's own, as `runserver` uses) with keep-alive. No new dependency, and
unlike `runserver` it writes no log line per request and can use every core.
It is not a production server; production runs behind a real WSGI server.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import sys
from typing import Any

from django.core.servers.basehttp import (
    ThreadedWSGIServer,
    WSGIRequestHandler,
    is_broken_pipe_error,
)


class _Handler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """No log line per request: at thousands a second the logging is the bottleneck."""


class _Server(ThreadedWSGIServer):
    request_queue_size = 1024

    def server_bind(self) -> None:
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        super().server_bind()

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not is_broken_pipe_error():  # a client that hung up is not an error here
            super().handle_error(request, client_address)

    def get_request(self) -> tuple[socket.socket, Any]:
        # The handler writes headers and body separately; with Nagle's algorithm the body
        # waits for the client's delayed ACK (40 ms on Linux) on every keep-alive request.
        conn, address = self.socket.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return conn, address


def serve(host: str, port: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnercenter.settings")
    import django

    django.setup()
    from django.core.wsgi import get_wsgi_application

    server = _Server((host, port), _Handler, allow_reuse_address=True)
    server.set_app(get_wsgi_application())
    server.serve_forever(poll_interval=0.2)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("address", help="host:port")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    host, _, port = args.address.rpartition(":")
    children = []
    for _ in range(max(1, args.workers)):
        pid = os.fork()
        if pid == 0:
            try:
                serve(host or "127.0.0.1", int(port))
            finally:
                os._exit(0)
        children.append(pid)

    def stop(signum: int, frame: Any) -> None:
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGTERM)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for child in children:
        os.waitpid(child, 0)


if __name__ == "__main__":
    main()
