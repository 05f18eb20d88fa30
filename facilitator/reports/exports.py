"""Making export files: one function per format, shared by the console and the CLI.

Files are written to the export folder (settings.export_dir) under names that say what
they are — `2026-07-17-interpreting-in-primary-care-KX7P3M-report.pdf` — and written
whole or not at all (a temporary name, then a rename). Each file written there is
recorded as the workshop's own (reports/export_files.py), so deleting the workshop
removes it and nothing else; a file written where the user chose (`--out`) is theirs.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from facilitator.reports import export_files, pdf
from facilitator.reports.build import load_context
from facilitator.reports.csv_export import render_csv
from facilitator.reports.errors import ImportRefused
from facilitator.reports.import_check import read_export
from facilitator.reports.json_io import dumps, export_workshop, import_workshop
from facilitator.reports.markdown_report import render_markdown
from facilitator.reports.responses_export import responses_csv
from facilitator.store.db import Database
from facilitator.workshops.details import find_workshop
from facilitator.workshops.errors import WorkshopNotFound
from facilitator.workshops.responses import response_view, responses_of
from facilitator.workshops.session_templates import SessionTemplate

FORMATS = {
    "pdf": ("report", "application/pdf"),
    "md": ("report", "text/markdown; charset=utf-8"),
    "csv": ("notes", "text/csv; charset=utf-8"),
    "json": ("workshop", "application/json"),
    "handout": ("handout", "application/pdf"),  # easy read, for participants (reports/handout.py)
    "responses-csv": ("responses", "text/csv; charset=utf-8"),  # the commissioners' answers (issue 14)
}
EXTENSIONS = {"handout": "pdf", "responses-csv": "csv"}  # formats whose file extension is not their name


@dataclass
class Exporter:
    """Everything an export needs to know about where it runs."""

    db: Database
    templates: dict[str, SessionTemplate]
    templates_dir: Path
    export_dir: Path
    time_limit: float = pdf.DEFAULT_TIME_LIMIT
    memory_limit: int = pdf.DEFAULT_MEMORY_LIMIT

    def export(self, code: str, fmt: str, out: Path | None = None, *, language: str = "en") -> Path:
        """Write workshop `code` in format `fmt` to `out` (default: a clear name in the export folder).
        `language` is the handout's (a participant language: "ar"); the report is in its template's."""
        from facilitator.core.i18n import supported

        language = supported(language) or "en"
        if fmt not in FORMATS:
            raise ValueError(f"Unknown format {fmt!r}; choose one of {', '.join(FORMATS)}.")
        with self.db.reading() as session:
            workshop = find_workshop(session, code)
            name = export_name(workshop.date, workshop.created_at.date().isoformat(), workshop.title, workshop.code, fmt)
            if fmt == "handout" and language != "en":
                name = name.replace("-handout.", f"-handout-{language}.")
            template = self.templates.get(workshop.template_key)
            # The child reads only this workshop's template file, not the whole folder.
            template_source = str(template.path) if template is not None else str(self.templates_dir)
            if fmt == "csv":
                text = render_csv(session, workshop, template)
            elif fmt == "json":
                text = dumps(export_workshop(session, workshop))
            elif fmt == "responses-csv":
                text = responses_csv([response_view(r) for r in responses_of(session, workshop)])
            code = workshop.code
        target = Path(out) if out else self.export_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if fmt in ("pdf", "handout"):
            pdf.render_in_child(
                "workshop" if fmt == "pdf" else "handout",
                (self.db.url, template_source, code) + ((language,) if fmt == "handout" else ()),
                target,
                time_limit=self.time_limit,
                memory_limit=self.memory_limit,
            )
        else:
            if fmt == "md":
                text = render_markdown(load_context(self.db, self.templates, code))
            # A byte-order mark lets Excel read the CSV's Arabic, Chinese, ... as UTF-8.
            _write_atomically(target, text, "utf-8-sig" if fmt in ("csv", "responses-csv") else "utf-8")
        if not out:
            self._record(code, target)
        return target

    def _record(self, code: str, target: Path) -> None:
        """Record `target` (in the export folder) as workshop `code`'s own. If the workshop
        was deleted while the file was being made, the file goes too and WorkshopNotFound
        is raised: no file outlives its workshop unrecorded."""
        try:
            with self.db.session() as session:
                find_workshop(session, code)
                export_files.record(session, code, target.name)
        except WorkshopNotFound:
            target.unlink(missing_ok=True)
            raise

    def import_file(self, path: Path):
        """Restore a JSON export as a new, standalone workshop with a new join code
        (reports/json_io.py); returns it. The whole file is checked before anything is
        saved (reports/import_check.py); on refusal (ImportRefused) nothing is."""
        data = read_export(Path(path))  # size and nesting checked before it is parsed
        try:
            with self.db.session() as session:
                workshop = import_workshop(session, data, self.templates)
                workshop.phases
                return workshop
        except (SQLAlchemyError, TypeError, ValueError) as exc:
            if isinstance(exc, ImportRefused):
                raise
            raise ImportRefused(
                f"The export could not be restored: a value has the wrong type or breaks a rule ({type(exc).__name__}). "
                "Nothing was saved."
            ) from None


def export_name(iso_date: str, fallback_date: str, title: str, code: str, fmt: str) -> str:
    """`<date>-<title words>-<code>-<what>.<ext>`, in plain ASCII so any system can hold it."""
    kind = FORMATS[fmt][0]
    return f"{iso_date or fallback_date}-{slug(title)}-{code}-{kind}.{EXTENSIONS.get(fmt, fmt)}"


def slug(text: str, limit: int = 50) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:limit].rstrip("-") or "workshop"


def _write_atomically(target: Path, text: str, encoding: str) -> None:
    temporary = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        temporary.write_text(text, encoding=encoding, newline="")
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
