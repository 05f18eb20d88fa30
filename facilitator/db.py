"""The database engine: a SQLite file by default (WAL, synchronous=FULL), or any URL.

Under eventlet a SQLite call blocks the whole server, so callers keep transactions
short and never emit, sleep or do network I/O inside one: commit first, then broadcast.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from facilitator.migrations import upgrade

# Short on purpose: under eventlet SQLite's busy wait blocks every connection at once.
# Callers that must wait longer retry with cooperative sleeps (see sockets.answer).
SQLITE_BUSY_TIMEOUT_MS = 100


def make_engine(url: str) -> Engine:
    """Create an engine for `url` and bring its schema up to date (Alembic migrations)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    upgrade(engine)
    return engine


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


def _sqlite_begin(connection) -> None:
    """Writers take the write lock up front (BEGIN IMMEDIATE).

    A deferred transaction that reads and then writes fails at once with "database is
    locked" when another writer got in between; an immediate one waits its turn for up
    to the busy timeout instead.
    """
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


class Database:
    """Hands out sessions; one per unit of work."""

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self._writes = sessionmaker(self.engine.execution_options(sqlite_begin="IMMEDIATE"), expire_on_commit=False)
        self._reads = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work that may write: commits when the block ends, rolls back on error."""
        with self._use(self._writes()) as session:
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
