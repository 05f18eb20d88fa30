"""Which files in the export folder are a workshop's own (issue 12).

The app records every file it writes into the export folder (`Exporter.export`, the one
place files are written there) as a row of `ExportFile`: the workshop's join code and
the bare file name. Deleting a workshop removes exactly those files — never one that
merely has a name like the workshop's (a workshop with the code "2026" used to take
every report dated 2026). A recorded name is removed only while it is still a plain
file directly inside the export folder: a symbolic link, a folder, or a name that leads
anywhere else is left alone.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from facilitator.store.models import ExportFile


def record(session: Session, code: str, name: str) -> None:
    """Note that the file `name` in the export folder belongs to workshop `code` (once)."""
    known = session.scalar(select(ExportFile.id).where(ExportFile.workshop_code == code, ExportFile.name == name))
    if known is None:
        session.add(ExportFile(workshop_code=code, name=name))


def recorded_names(session: Session, code: str) -> list[str]:
    """The names of the files recorded for workshop `code`, sorted."""
    return sorted(session.scalars(select(ExportFile.name).where(ExportFile.workshop_code == code)))


def forget(session: Session, code: str) -> None:
    """Drop every record for workshop `code` (its files have been removed)."""
    session.execute(delete(ExportFile).where(ExportFile.workshop_code == code))


def own_file(export_dir: Path, name: str) -> Path | None:
    """The plain file called `name` directly inside `export_dir`, or None.

    None for anything else: a name with a folder in it or "..", a symbolic link (its
    target may be anywhere), a folder, a missing file, or a path that resolves outside
    the export folder.
    """
    if not isinstance(name, str) or not name or name in (".", "..") or Path(name).name != name or "\\" in name:
        return None
    folder = Path(export_dir).resolve()
    path = folder / name
    if path.is_symlink() or not path.is_file():
        return None
    if path.resolve().parent != folder:
        return None
    return path
