"""The data at rest stays private (issue 12, item 10).

Another account on a shared laptop must not read the data folder: it holds every join
code, board secret, co-facilitator token and hidden note. So

- every facilitator command sets the umask to 077 before it creates anything
  (`keep_private`), so the folder is 0700 and its files 0600 from the first write;
- a data folder made by an older version is tightened at start (`tighten`);
- text deleted from SQLite is overwritten, not left in free pages (`secure_delete`,
  `scrub_deleted_text`), and after a workshop is deleted the write-ahead log is
  checkpointed and truncated (`forget_deleted`), so neither the database nor its `-wal`
  holds the deleted notes and nicknames.

PostgreSQL keeps its own files under its own account: nothing to do there.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from sqlalchemy import event

log = logging.getLogger(__name__)

PRIVATE_UMASK = 0o077
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600


def keep_private() -> None:
    """From now on this process creates folders 0700 and files 0600 (POSIX only)."""
    if os.name == "posix":
        os.umask(PRIVATE_UMASK)


def tighten(folder: Path) -> None:
    """Make `folder` 0700 and the files directly in it 0600 (a folder made before this
    version was 0755 with 0644 files). Best effort: a file we do not own is left alone."""
    if os.name != "posix":
        return
    try:
        folder.chmod(PRIVATE_FOLDER)
        for entry in folder.iterdir():
            if entry.is_file() and not entry.is_symlink():
                entry.chmod(PRIVATE_FILE)
    except OSError as error:
        log.warning("could not make the data folder private: %s", error)


def scrub_deleted_text(engine) -> None:
    """Every SQLite connection overwrites what it deletes with zeros."""
    if engine.dialect.name == "sqlite" and not event.contains(engine, "connect", _secure_delete):
        event.listen(engine, "connect", _secure_delete)
        engine.dispose()  # connections opened before now reconnect with it


def _secure_delete(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def forget_deleted(engine) -> None:
    """Move the write-ahead log into the database and truncate it to nothing, so the
    deleted text's older copies in the `-wal` are gone. A reader holding the log open
    makes SQLite skip the truncation; the next checkpoint does it."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        busy, _, _ = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        connection.commit()
    if busy:
        log.info("the write-ahead log is in use; deleted text leaves it at the next checkpoint")
