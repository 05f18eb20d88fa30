"""Session templates: TOML files in `session_templates/` that shape a workshop.

A template names the phases (title, prompt, guidance, suggested minutes), the groups
participants may say they are here as, and the note length limit. Templates are
loaded and validated when the app starts; a broken one is reported with its file and
the field at fault, so whoever edited it can fix it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
MAX_NOTE_LIMIT = 2000


class TemplateError(ValueError):
    """A template file that cannot be used; the message names the file and the field."""

    def __init__(self, path: Path, field: str, problem: str):
        self.path = path
        self.field = field
        self.problem = problem
        super().__init__(f"{path}: {field}: {problem}")


@dataclass(frozen=True)
class GroupSpec:
    key: str
    label: str


@dataclass(frozen=True)
class PhaseSpec:
    key: str
    title: str
    prompt: str
    guidance: str
    minutes: int


@dataclass(frozen=True)
class SessionTemplate:
    key: str
    name: str
    description: str
    note_max_chars: int
    phases: tuple[PhaseSpec, ...]
    groups: tuple[GroupSpec, ...]
    path: Path
    raw: dict  # the whole parsed file, for parts other modules (reports) read

    def group_label(self, key: str) -> str:
        """The label shown for a group key; unknown keys are shown as they are."""
        return next((g.label for g in self.groups if g.key == key), key)


def load_template(path: Path) -> SessionTemplate:
    """Parse and validate one template file; raise TemplateError naming the field."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(path, "(file)", f"is not valid TOML ({exc})") from None
    except UnicodeDecodeError:
        raise TemplateError(path, "(file)", "is not UTF-8 text") from None

    key = data.get("key", path.stem)
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        raise TemplateError(path, "key", "must be lower-case letters, digits and hyphens (at most 32)")
    name = _text(data, "name", path)
    description = _text(data, "description", path, required=False)
    note_max_chars = data.get("note_max_chars", 500)
    if not isinstance(note_max_chars, int) or isinstance(note_max_chars, bool) or not 20 <= note_max_chars <= MAX_NOTE_LIMIT:
        raise TemplateError(path, "note_max_chars", f"must be a whole number from 20 to {MAX_NOTE_LIMIT}")

    phases = _table_list(data, "phases", path)
    phase_specs = []
    for index, phase in enumerate(phases):
        where = f"phases[{index}]"
        phase_key = phase.get("key")
        if not isinstance(phase_key, str) or not KEY_PATTERN.match(phase_key):
            raise TemplateError(path, f"{where}.key", "must be lower-case letters, digits and hyphens")
        minutes = phase.get("minutes", 10)
        if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 240:
            raise TemplateError(path, f"{where}.minutes", "must be a whole number of minutes from 1 to 240")
        phase_specs.append(
            PhaseSpec(
                key=phase_key,
                title=_text(phase, "title", path, where),
                prompt=_text(phase, "prompt", path, where),
                guidance=_text(phase, "guidance", path, where, required=False),
                minutes=minutes,
            )
        )
    _unique([p.key for p in phase_specs], path, "phases", "key")

    group_specs = []
    for index, group in enumerate(_table_list(data, "groups", path)):
        where = f"groups[{index}]"
        group_key = group.get("key")
        if not isinstance(group_key, str) or not KEY_PATTERN.match(group_key):
            raise TemplateError(path, f"{where}.key", "must be lower-case letters, digits and hyphens")
        group_specs.append(GroupSpec(key=group_key, label=_text(group, "label", path, where)))
    _unique([g.key for g in group_specs], path, "groups", "key")

    return SessionTemplate(
        key=key,
        name=name,
        description=description,
        note_max_chars=note_max_chars,
        phases=tuple(phase_specs),
        groups=tuple(group_specs),
        path=path,
        raw=data,
    )


def load_templates(directory: Path) -> dict[str, SessionTemplate]:
    """Load every `*.toml` in `directory`, keyed by template key; the first error is raised."""
    templates: dict[str, SessionTemplate] = {}
    for path in sorted(Path(directory).glob("*.toml")):
        template = load_template(path)
        if template.key in templates:
            raise TemplateError(path, "key", f"'{template.key}' is already used by {templates[template.key].path.name}")
        templates[template.key] = template
    if not templates:
        raise TemplateError(Path(directory), "(folder)", "holds no session templates (*.toml)")
    return templates


def check_templates(directory: Path) -> tuple[list[SessionTemplate], list[TemplateError]]:
    """Validate every template separately, so one broken file does not hide the others."""
    good, bad = [], []
    for path in sorted(Path(directory).glob("*.toml")):
        try:
            good.append(load_template(path))
        except TemplateError as exc:
            bad.append(exc)
    return good, bad


def _text(table: dict, name: str, path: Path, where: str = "", required: bool = True) -> str:
    field = f"{where}.{name}" if where else name
    value = table.get(name, "" if not required else None)
    if value is None:
        raise TemplateError(path, field, "is missing")
    if not isinstance(value, str):
        raise TemplateError(path, field, "must be text in quotes")
    if required and not value.strip():
        raise TemplateError(path, field, "must not be empty")
    return value.strip()


def _table_list(data: dict, name: str, path: Path) -> list[dict]:
    value = data.get(name)
    if value is None:
        raise TemplateError(path, name, f"is missing (add at least one [[{name}]] table)")
    if not isinstance(value, list) or not value or not all(isinstance(item, dict) for item in value):
        raise TemplateError(path, name, f"must be one or more [[{name}]] tables")
    return value


def _unique(keys: list[str], path: Path, table: str, field: str) -> None:
    seen = set()
    for index, key in enumerate(keys):
        if key in seen:
            raise TemplateError(path, f"{table}[{index}].{field}", f"'{key}' appears twice")
        seen.add(key)
