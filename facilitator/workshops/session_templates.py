"""Session templates: TOML files in `session_templates/` that shape a workshop.

A template names the phases (title, prompt, guidance, suggested minutes), the groups
participants may say they are here as, and the note length limit. It may also shape
the report sent to commissioners (`[report]`: title pattern, introduction, section
order) and name a framework (`[framework]`) whose tags notes, themes and actions can
carry. Every report field is optional, so older templates keep working; see
docs/templates.md. Templates are loaded and validated when the app starts; a broken one
is reported with its file and the field at fault, so whoever edited it can fix it.
"""

from __future__ import annotations

import logging
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
MAX_NOTE_LIMIT = 2000
MAX_DOTS = 20  # dots per person in a vote

# Report sections, in the order used when a template does not choose one.
REPORT_SECTIONS = (
    "cover",
    "introduction",
    "summary",
    "previous-actions",
    "phases",
    "actions",
    "framework",
    "voice",
    "method",
    "appendix",
)
DEFAULT_SECTIONS = tuple(s for s in REPORT_SECTIONS if s not in {"previous-actions", "framework"})
# The workshop details an introduction or title pattern may name, as {placeholder}.
PLACEHOLDERS = (
    "title",
    "question",
    "date",
    "venue",
    "partners",
    "facilitator",
    "prepared_for",
    "participants",
    "template",
    # Built by the report from what is known (issue 15), so no sentence is built around a blank:
    "held",  # ", held on 17 July 2026 at Leeds Civic Hall" (whichever parts are known), or ""
    "people",  # "15 people" (phones and the people a scribe posted for)
    "who",  # "15 people took part: Lived experience (6), Practitioner (4) and not stated (5)."
)
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
_LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")
DEFAULT_TITLE_PATTERN = "{title}"
DEFAULT_INTRODUCTION = (
    "This report sets out what people said at the workshop **{title}**{held}. {who} "
    "It follows the Adaptive Action cycle: what people see (What?), what it means (So what?) "
    "and what should happen next (Now what?)."
)


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
    # The label on phones in other languages: {"ar": "تجربة معاشة"}. Missing ones show `label`.
    translations: dict = field(default_factory=dict, compare=False)

    def label_in(self, language: str) -> str:
        """The label in `language` when the template has it, else the template's own."""
        return self.translations.get(language, self.label)


@dataclass(frozen=True)
class PhaseSpec:
    key: str
    title: str
    prompt: str
    guidance: str
    minutes: int
    report_title: str = ""  # the phase's heading in the report, e.g. "What people told us"
    # The phase's title and prompt in other languages, for the phones:
    # {"ar": {"title": "...", "prompt": "..."}}. Missing ones show in the template's language.
    translations: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class FrameworkTag:
    key: str
    label: str
    description: str


@dataclass(frozen=True)
class FrameworkSpec:
    """A lens the workshop is tested against (e.g. the 5As for Access); optional."""

    name: str
    description: str
    tags: tuple[FrameworkTag, ...]

    def tag_label(self, key: str) -> str:
        return next((t.label for t in self.tags if t.key == key), key)


@dataclass(frozen=True)
class ReportSpec:
    """How the report for commissioners reads: title, introduction, section order."""

    title: str  # pattern with {placeholders}
    introduction: str  # Markdown with {placeholders}
    sections: tuple[str, ...]
    language: str  # BCP 47 tag of the report's own wording, e.g. "en-GB"
    method: str  # Markdown: how the workshop ran, shown in the method section (may be empty)


@dataclass(frozen=True)
class SessionTemplate:
    key: str
    name: str
    description: str
    note_max_chars: int
    phases: tuple[PhaseSpec, ...]
    groups: tuple[GroupSpec, ...]
    path: Path
    report: ReportSpec = None  # type: ignore[assignment]  # always set by load_template
    framework: FrameworkSpec | None = None
    dots_per_person: int = 3  # dots each person has when the facilitator opens a vote

    def group_label(self, key: str) -> str:
        """The label shown for a group key; unknown keys are shown as they are."""
        return next((g.label for g in self.groups if g.key == key), key)

    def phase_report_title(self, key: str) -> str:
        """The heading a phase has in the report (its `report_title`, else its title)."""
        spec = next((p for p in self.phases if p.key == key), None)
        return (spec.report_title or spec.title) if spec else key


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
    dots_per_person = data.get("dots_per_person", 3)
    if not isinstance(dots_per_person, int) or isinstance(dots_per_person, bool) or not 1 <= dots_per_person <= MAX_DOTS:
        raise TemplateError(path, "dots_per_person", f"must be a whole number from 1 to {MAX_DOTS}")

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
                report_title=_text(phase, "report_title", path, where, required=False),
                translations=_phase_translations(phase, path, where),
            )
        )
    _unique([p.key for p in phase_specs], path, "phases", "key")

    group_specs = []
    for index, group in enumerate(_table_list(data, "groups", path)):
        where = f"groups[{index}]"
        group_key = group.get("key")
        if not isinstance(group_key, str) or not KEY_PATTERN.match(group_key):
            raise TemplateError(path, f"{where}.key", "must be lower-case letters, digits and hyphens")
        group_specs.append(
            GroupSpec(key=group_key, label=_text(group, "label", path, where), translations=_group_translations(group, path, where))
        )
    _unique([g.key for g in group_specs], path, "groups", "key")

    framework = _framework(data, path)
    return SessionTemplate(
        key=key,
        name=name,
        description=description,
        note_max_chars=note_max_chars,
        phases=tuple(phase_specs),
        groups=tuple(group_specs),
        path=path,
        report=_report(data, path, framework),
        framework=framework,
        dots_per_person=dots_per_person,
    )


def fill_placeholders(pattern: str, values: dict[str, str]) -> str:
    """Put the workshop's details into `{placeholder}`s; `{{` and `}}` stay as braces.

    Deliberately not `str.format`: a template must not reach attributes or format specs.
    A line whose placeholders are all empty is left out (so "Prepared for {prepared_for}."
    disappears until the facilitator fills it in); an empty placeholder among filled ones
    becomes an empty string. Unknown names were refused when the template was loaded.
    """

    def replace(match: re.Match) -> str:
        whole = match.group(0)
        if whole == "{{":
            return "{"
        if whole == "}}":
            return "}"
        return str(values.get(match.group(1).strip(), ""))

    lines = []
    for line in pattern.split("\n"):
        names = [m.group(1).strip() for m in _PLACEHOLDER.finditer(line) if m.group(1) is not None]
        if names and not any(str(values.get(name, "")).strip() for name in names):
            continue
        lines.append(_PLACEHOLDER.sub(replace, line))
    return "\n".join(lines)


def _check_placeholders(text: str, path: Path, field: str) -> None:
    for match in _PLACEHOLDER.finditer(text):
        name = match.group(1)
        if name is not None and name.strip() not in PLACEHOLDERS:
            known = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
            raise TemplateError(
                path, field, f"uses {{{name}}}, which is not a workshop detail; use one of {known} (or {{{{ for a brace)"
            )


def _report(data: dict, path: Path, framework: FrameworkSpec | None) -> ReportSpec:
    """The `[report]` table, with defaults for every missing field."""
    table = data.get("report", {})
    if not isinstance(table, dict):
        raise TemplateError(path, "report", "must be a [report] table")
    unknown = set(table) - {"title", "introduction", "sections", "language", "method"}
    if unknown:
        raise TemplateError(path, f"report.{sorted(unknown)[0]}", "is not a report field (see docs/templates.md)")
    title = _text(table, "title", path, "report", required=False) or DEFAULT_TITLE_PATTERN
    _check_placeholders(title, path, "report.title")
    introduction = _text(table, "introduction", path, "report", required=False) or DEFAULT_INTRODUCTION
    _check_placeholders(introduction, path, "report.introduction")
    method = _text(table, "method", path, "report", required=False)
    language = _text(table, "language", path, "report", required=False) or "en-GB"
    if not _LANGUAGE.match(language):
        raise TemplateError(path, "report.language", "must be a language tag such as \"en-GB\" or \"cy\"")

    sections = table.get("sections", list(DEFAULT_SECTIONS))
    if not isinstance(sections, list) or not sections or not all(isinstance(s, str) for s in sections):
        raise TemplateError(path, "report.sections", "must be a list of section names in quotes")
    for index, section in enumerate(sections):
        if section not in REPORT_SECTIONS:
            raise TemplateError(
                path, f"report.sections[{index}]", f"'{section}' is not a section; use some of {', '.join(REPORT_SECTIONS)}"
            )
    for index, section in enumerate(sections):
        if section in sections[:index]:
            raise TemplateError(path, f"report.sections[{index}]", f"'{section}' appears twice")
    if "cover" in sections and sections[0] != "cover":
        raise TemplateError(path, "report.sections", "must start with \"cover\" when it includes the cover")
    if "framework" in sections and framework is None:
        raise TemplateError(path, "report.sections", "includes \"framework\" but the template has no [framework] table")
    return ReportSpec(title=title, introduction=introduction, sections=tuple(sections), language=language, method=method)


def _framework(data: dict, path: Path) -> FrameworkSpec | None:
    """The optional `[framework]` table and its `[[framework.tags]]`."""
    table = data.get("framework")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise TemplateError(path, "framework", "must be a [framework] table")
    name = _text(table, "name", path, "framework")
    description = _text(table, "description", path, "framework", required=False)
    tags = table.get("tags")
    if not isinstance(tags, list) or not tags or not all(isinstance(t, dict) for t in tags):
        raise TemplateError(path, "framework.tags", "must be one or more [[framework.tags]] tables")
    specs = []
    for index, tag in enumerate(tags):
        where = f"framework.tags[{index}]"
        tag_key = tag.get("key")
        if not isinstance(tag_key, str) or not KEY_PATTERN.match(tag_key):
            raise TemplateError(path, f"{where}.key", "must be lower-case letters, digits and hyphens")
        specs.append(
            FrameworkTag(
                key=tag_key,
                label=_text(tag, "label", path, where),
                description=_text(tag, "description", path, where, required=False),
            )
        )
    _unique([t.key for t in specs], path, "framework.tags", "key")
    return FrameworkSpec(name=name, description=description, tags=tuple(specs))


def template_folders(directory: Path | str) -> list[Path]:
    """The folders named by `directory`: one folder, or several joined by os.pathsep
    (the built-in templates first, then an organisation's own: see config.template_search_path)."""
    return [Path(part) for part in os.fspath(directory).split(os.pathsep) if part]


def template_files(directory: Path | str) -> list[Path]:
    return [path for folder in template_folders(directory) for path in sorted(folder.glob("*.toml"))]


def load_templates(directory: Path | str) -> dict[str, SessionTemplate]:
    """Load every `*.toml` in `directory`, keyed by template key; the first error is raised."""
    good, bad = check_templates(directory)
    if bad:
        raise bad[0]
    if not good:
        raise TemplateError(Path(directory), "(folder)", "holds no session templates (*.toml)")
    return {template.key: template for template in good}


def templates_at(path: Path) -> dict[str, SessionTemplate]:
    """The template in one file, or every valid template in a folder (a broken one is
    skipped, so it cannot block an unrelated report), keyed by template key.

    The PDF child reads only the workshop's own template file this way."""
    path = Path(path)
    if path.is_file():
        template = load_template(path)
        return {template.key: template}
    good, _broken = check_templates(path)
    return {t.key: t for t in good}


def load_usable_templates(directory: Path | str, warn=None) -> dict[str, SessionTemplate]:
    """What the server uses: every template that loads; each broken one is skipped with a
    warning naming its file and field (`warn(message)`, default: the log), so one bad edit
    never stops a workshop. Raises TemplateError only when no template is usable."""
    good, bad = check_templates(directory)
    for error in bad:
        (warn or logging.getLogger("facilitator").warning)(f"Skipped a broken session template: {error}")
    if not good:
        raise TemplateError(Path(directory), "(folder)", "holds no usable session templates (*.toml)")
    return {template.key: template for template in good}


def check_templates(directory: Path | str) -> tuple[list[SessionTemplate], list[TemplateError]]:
    """Validate every template separately, so one broken file does not hide the others.

    A key already used by an earlier file (an earlier folder first) is an error of the later file."""
    good, bad = [], []
    seen: dict[str, Path] = {}
    for path in template_files(directory):
        try:
            template = load_template(path)
        except TemplateError as exc:
            bad.append(exc)
            continue
        if template.key in seen:
            bad.append(TemplateError(path, "key", f"'{template.key}' is already used by {seen[template.key]}"))
            continue
        seen[template.key] = path
        good.append(template)
    return good, bad


def _phase_translations(phase: dict, path: Path, where: str) -> dict:
    """`[phases.translations.<lang>]` tables, each with a title and a prompt (and optionally guidance)."""
    translations = phase.get("translations", {})
    if not isinstance(translations, dict):
        raise TemplateError(path, f"{where}.translations", "must be tables named by language, e.g. [phases.translations.ar]")
    checked = {}
    for language, table in translations.items():
        field_name = f"{where}.translations.{language}"
        if not re.fullmatch(r"[a-z]{2,3}", language):
            raise TemplateError(path, field_name, "must be named by a language code such as ar, fa or ckb")
        if not isinstance(table, dict):
            raise TemplateError(path, field_name, "must be a table with a title and a prompt")
        checked[language] = {"title": _text(table, "title", path, field_name), "prompt": _text(table, "prompt", path, field_name)}
        guidance = _text(table, "guidance", path, field_name, required=False)
        if guidance:
            checked[language]["guidance"] = guidance
    return checked


def _group_translations(group: dict, path: Path, where: str) -> dict:
    """`translations.<lang> = { label = "..." }` on a group: its label on phones in that language."""
    translations = group.get("translations", {})
    if not isinstance(translations, dict):
        raise TemplateError(path, f"{where}.translations", 'must be tables named by language, e.g. translations.ar = { label = "..." }')
    checked = {}
    for language, table in translations.items():
        field_name = f"{where}.translations.{language}"
        if not re.fullmatch(r"[a-z]{2,3}", language):
            raise TemplateError(path, field_name, "must be named by a language code such as ar, fa or ckb")
        if not isinstance(table, dict):
            raise TemplateError(path, field_name, "must be a table with a label")
        checked[language] = _text(table, "label", path, field_name)
    return checked


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
