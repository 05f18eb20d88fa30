"""The database engine: a SQLite file by default (WAL, synchronous=FULL), or any URL.

Under eventlet a SQLite call blocks the whole server, so callers keep transactions
short and never emit, sleep or do network I/O inside one: commit first, then broadcast.

Opening a database only connects: the schema is brought up to date by `upgrade`, which
the server runs once at start and the CLI before its commands (`facilitator.create_app`);
a PDF child process or a test that opens a database migrates nothing.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager, nullcontext
from typing import Callable, Iterator

from sqlalchemy import create_engine, event, make_url
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from facilitator.store import migrations

# Short on purpose: under eventlet SQLite's busy wait blocks every connection at once.
# Callers that must wait longer retry with cooperative sleeps (see sockets.answer).
SQLITE_BUSY_TIMEOUT_MS = 100


def make_engine(
    url: str, offload: Callable | None = None, durable: bool = True, connect: Callable | None = None
) -> Engine:
    """Create an engine for `url` (it does not touch the schema: see `upgrade`).

    `offload(fn)` runs a blocking call in a real OS thread and waits for it without
    blocking the event loop; the server's entry point passes eventlet's or gevent's
    thread pool. SQLite's COMMIT — the fsync that `synchronous=FULL` asks for — goes
    through it: measured under load, one fsync could freeze every board for 80-500 ms.

    `durable=False` (tests only: their databases are thrown away) skips the fsync.
    `connect()` opens a SQLite connection itself (tests: one engine, each test's own file).
    """
    if url.startswith("sqlite"):
        options = {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        if connect is not None:
            engine = create_engine(url, creator=connect)
        elif offload is None:
            engine = create_engine(url, connect_args=options)
        else:
            path = make_url(url).database
            engine = create_engine(url, creator=lambda: CommitInThread(sqlite3.connect(path, **options), offload))
        event.listen(engine, "connect", _sqlite_pragmas if durable else _sqlite_test_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


def read_only(url: str) -> str:
    """The same SQLite database opened read-only (anything else is returned as it is):
    what the PDF child uses, so a report can never change the live workshop."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return url
    return f"sqlite:///file:{parsed.database}?mode=ro&uri=true"


def upgrade(engine: Engine) -> None:
    """Bring the database's schema to the newest revision (Alembic); safe to run again,
    and safe for several processes at once (see facilitator.store.migrations)."""
    migrations.upgrade(engine)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL lets boards read while a phone writes; FULL keeps acknowledged notes through power loss."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()
    # Let SQLAlchemy, not the sqlite3 module, decide when a transaction begins (see _sqlite_begin).
    dbapi_connection.isolation_level = None


def _sqlite_test_pragmas(dbapi_connection, record) -> None:
    """As in production, but nothing waits for the disk: a test's database is thrown away."""
    _sqlite_pragmas(dbapi_connection, record)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=OFF")
    cursor.close()


def _sqlite_begin(connection) -> None:
    """Writers take the write lock up front (BEGIN IMMEDIATE).

    A deferred transaction that reads and then writes fails at once with "database is
    locked" when another writer got in between; an immediate one waits its turn for up
    to the busy timeout instead.
    """
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


class CommitInThread:
    """A sqlite3 connection whose `commit` runs through `offload` (a worker thread).

    Everything else is passed straight to the connection. Only one greenlet uses a
    connection at a time (the pool hands it out), and it waits for its commit.
    """

    def __init__(self, connection: sqlite3.Connection, offload: Callable):
        object.__setattr__(self, "_connection", connection)
        object.__setattr__(self, "_offload", offload)

    def commit(self) -> None:
        self._offload(self._connection.commit)

    def __getattr__(self, name):
        return getattr(self._connection, name)

    def __setattr__(self, name, value):
        setattr(self._connection, name, value)


class Database:
    """Hands out sessions; one per unit of work."""

    def __init__(self, url: str, offload: Callable | None = None, durable: bool = True, engine: Engine | None = None):
        self.url = url  # also how a PDF child process opens the same database
        self.engine = engine if engine is not None else make_engine(url, offload, durable)
        self._writes = sessionmaker(self.engine.execution_options(sqlite_begin="IMMEDIATE"), expire_on_commit=False)
        self._reads = sessionmaker(self.engine, expire_on_commit=False)
        # SQLite takes one writer at a time, and a second one that finds the lock taken
        # waits in SQLite's own busy loop, which under eventlet freezes the whole server.
        # So this process's writers queue here instead, cooperatively (made after the
        # entry point monkey-patched: a green lock under eventlet). PostgreSQL takes them
        # side by side. Reads never wait for it. See facilitator/live/work_order.py.
        self._writer = threading.RLock() if self.engine.dialect.name == "sqlite" else nullcontext()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work that may write: commits when the block ends, rolls back on error.
        On SQLite it waits for this process's other writers first (one at a time)."""
        with self._writer, self._use(self._writes()) as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A unit of work that only reads; it never waits for writers."""
        with self._use(self._reads()) as session:
            yield session

    @staticmethod
    @contextmanager
    def _use(session: Session) -> Iterator[Session]:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
