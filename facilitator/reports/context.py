"""Everything a report shows, read once from the database into plain Python objects.

`build_context` is the only place that decides what a report contains; the HTML, PDF
and Markdown renderers only lay it out. The rules it keeps:

- hidden notes and notes still awaiting approval are left out everywhere, and counted;
- nicknames appear only when the workshop's `show_nicknames` setting is on;
- every piece of untrusted text is carried both raw (`text`, for Markdown/CSV) and as
  sanitised HTML (`html`, see markup.safe_html) — renderers never sanitise themselves;
- a theme's votes are the dots on the theme plus the dots on its visible notes; an
  action's votes are the dots on the notes and themes it is linked to.
"""

from __future__ import annotations

import re

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.models import Action, Note, Participant, Theme, Vote, Workshop
from facilitator.reports.markup import safe_html
from facilitator.workshops.cards import counts_as_voice
from facilitator.session_templates import (
    DEFAULT_INTRODUCTION,
    DEFAULT_SECTIONS,
    DEFAULT_TITLE_PATTERN,
    ReportSpec,
    SessionTemplate,
    fill_placeholders,
)

NOT_STATED = "Not stated"
_SINGLE_PARAGRAPH = re.compile(r"<p>((?:(?!</?p[\s>]).)*)</p>", re.DOTALL)
TOP_THEMES = 5


@dataclass
class NoteView:
    id: str
    phase_key: str
    text: str
    html: str
    group_label: str
    nickname: str
    votes: int
    created_at: datetime
    theme: str
    tag: str
    highlighted: bool
    scribed: bool

    @property
    def time(self) -> str:
        return self.created_at.strftime("%H:%M")

    @property
    def inline_html(self) -> str | None:
        """The note's HTML without its paragraph, when it is a single paragraph (most
        notes are); None otherwise. Lets a table cell hold the text directly: a
        wrapper div and paragraph per note cost WeasyPrint ~0.8 s in a 500-note report."""
        match = _SINGLE_PARAGRAPH.fullmatch(self.html.strip())
        return match.group(1) if match else None

    @property
    def direction(self) -> str:
        return text_direction(self.text)


@dataclass
class ThemeView:
    id: int
    phase_key: str
    phase_title: str
    name: str
    tag: str
    votes: int
    notes: list[NoteView] = field(default_factory=list)


@dataclass
class PhaseView:
    key: str
    title: str
    prompt: str
    themes: list[ThemeView]
    unthemed: list[NoteView]
    notes: list[NoteView]  # every visible note, oldest first
    highlights: list[NoteView]
    left_out: int  # hidden or never approved


@dataclass
class ActionView:
    text: str
    html: str
    owner: str
    due: str
    tag: str
    votes: int
    status: str
    outcome: str
    outcome_html: str


@dataclass
class VoiceBalance:
    """Contributions (visible notes) per participant group, per phase."""

    groups: list[str]
    rows: list[tuple[str, list[int]]]  # (phase title, count per group)
    totals: list[int]

    @property
    def grand_total(self) -> int:
        return sum(self.totals)

    @property
    def widest(self) -> int:
        return max([sum(counts) for _, counts in self.rows] + [1])


@dataclass
class FrameworkRow:
    label: str
    description: str
    notes: int
    themes: int
    actions: int


@dataclass
class ReportContext:
    code: str
    title: str
    workshop_title: str
    question: str
    date: str  # as people read it: "17 July 2026"
    iso_date: str
    venue: str
    partners: list[str]
    facilitator_name: str
    prepared_for: str
    template_name: str
    language: str
    sections: tuple[str, ...]
    introduction_md: str
    introduction_html: str
    method_md: str
    method_html: str
    participants_total: int
    participants_by_group: list[tuple[str, int]]
    phases: list[PhaseView]
    top_themes: list[ThemeView]
    top_notes: list[NoteView]
    actions: list[ActionView]
    previous_actions: list[ActionView]
    previous_title: str
    voice: VoiceBalance
    framework_name: str
    framework_description: str
    framework_rows: list[FrameworkRow]
    hidden_count: int
    unapproved_count: int
    scribed_count: int
    show_nicknames: bool
    generated_at: datetime

    @property
    def notes_total(self) -> int:
        return sum(len(p.notes) for p in self.phases)

    @property
    def left_out_total(self) -> int:
        return self.hidden_count + self.unapproved_count


def text_direction(text: str) -> str:
    """'rtl' when the first letter is Arabic-script or Hebrew (Urdu, Persian, ...), else 'ltr'.

    The renderer shapes right-to-left words either way; this sets the paragraph's
    direction and alignment, as a reader of that script expects.
    """
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def readable_date(iso: str) -> str:
    """'2026-07-17' → '17 July 2026'; anything else is shown as typed."""
    try:
        day = date.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso or ""
    return f"{day.day} {day:%B %Y}"


def default_report_spec() -> ReportSpec:
    """Used when a workshop's template file has since been removed."""
    return ReportSpec(DEFAULT_TITLE_PATTERN, DEFAULT_INTRODUCTION, DEFAULT_SECTIONS, "en-GB", "")


def build_context(
    session: Session, workshop: Workshop, template: SessionTemplate | None, now: datetime | None = None
) -> ReportContext:
    """Read the workshop and everything in it; return what the report shows."""
    spec = template.report if template else default_report_spec()
    group_label = template.group_label if template else (lambda key: key)
    framework = template.framework if template else None
    tag_label = framework.tag_label if framework else (lambda key: key)

    notes = list(
        session.scalars(select(Note).where(Note.workshop_id == workshop.id).order_by(Note.created_at, Note.seq))
    )
    themes = [  # deleted and merged themes stay in the database as tombstones; not in a report
        t
        for t in session.scalars(
            select(Theme).where(Theme.workshop_id == workshop.id).order_by(Theme.position, Theme.id)
        )
        if not getattr(t, "deleted", False)
    ]
    actions = list(
        session.scalars(select(Action).where(Action.workshop_id == workshop.id).order_by(Action.created_at, Action.id))
    )
    participants = list(session.scalars(select(Participant).where(Participant.workshop_id == workshop.id)))
    votes = Counter(
        (kind, target)
        for kind, target in session.execute(
            select(Vote.target_kind, Vote.target_id).where(Vote.workshop_id == workshop.id)
        )
    )

    # On the board and someone's voice: review cards (carried-forward actions) are reported
    # with the previous cycle's actions, not counted as notes (workshops/cards.py).
    visible = [n for n in notes if n.on_board and counts_as_voice(n)]
    theme_by_id = {t.id: t for t in themes}
    note_views = {
        n.id: NoteView(
            id=n.id,
            phase_key=n.phase_key,
            text=n.text,
            html=safe_html(n.text),
            group_label=group_label(n.group_key) if n.group_key else NOT_STATED,
            nickname=n.nickname if workshop.show_nicknames else "",
            votes=votes[("note", n.id)],
            created_at=_aware(n.created_at),
            theme=theme_by_id[n.theme_id].name if n.theme_id in theme_by_id else "",
            tag=tag_label(n.framework_tag) if n.framework_tag else "",
            highlighted=n.highlighted,
            scribed=n.scribed,
        )
        for n in visible
    }

    phase_title = {p.key: (template.phase_report_title(p.key) if template else p.title) for p in workshop.phases}
    theme_views = []
    for theme in themes:
        members = [note_views[n.id] for n in visible if n.theme_id == theme.id]
        theme_views.append(
            ThemeView(
                id=theme.id,
                phase_key=theme.phase_key,
                phase_title=phase_title.get(theme.phase_key, theme.phase_key),
                name=theme.name,
                tag=tag_label(theme.framework_tag) if theme.framework_tag else "",
                votes=votes[("theme", str(theme.id))] + sum(n.votes for n in members),
                notes=members,
            )
        )

    phases = []
    for phase in workshop.phases:
        in_phase = [note_views[n.id] for n in visible if n.phase_key == phase.key]
        phase_themes = [t for t in theme_views if t.phase_key == phase.key]
        themed_ids = {n.id for t in phase_themes for n in t.notes}
        phases.append(
            PhaseView(
                key=phase.key,
                title=phase_title[phase.key],
                prompt=phase.prompt,
                themes=phase_themes,
                unthemed=[n for n in in_phase if n.id not in themed_ids],
                notes=in_phase,
                highlights=[n for n in in_phase if n.highlighted],
                left_out=sum(1 for n in notes if n.phase_key == phase.key and not n.on_board),
            )
        )

    details = {
        "title": workshop.title,
        "question": workshop.question,
        "date": readable_date(workshop.date),
        "venue": workshop.venue,
        "partners": ", ".join(_lines(workshop.partners)),
        "facilitator": workshop.facilitator_name,
        "prepared_for": workshop.prepared_for,
        "participants": str(len(participants)),
        "template": template.name if template else workshop.template_key,
    }
    introduction_md = fill_placeholders(spec.introduction, details)
    method_md = fill_placeholders(spec.method, details) if spec.method else ""

    previous_title, previous_actions = "", []
    if workshop.previous_workshop_id:
        previous = session.get(Workshop, workshop.previous_workshop_id)
        if previous is not None:
            previous_title = previous.title
            previous_actions = [
                _action_view(a, votes=0, tag_label=tag_label)
                for a in session.scalars(
                    select(Action).where(Action.workshop_id == previous.id).order_by(Action.created_at, Action.id)
                )
            ]

    ranked = sorted((t for t in theme_views if t.votes), key=lambda t: (-t.votes, t.name))
    return ReportContext(
        code=workshop.code,
        title=fill_placeholders(spec.title, details).strip() or workshop.title,
        workshop_title=workshop.title,
        question=workshop.question,
        date=details["date"],
        iso_date=workshop.date,
        venue=workshop.venue,
        partners=_lines(workshop.partners),
        facilitator_name=workshop.facilitator_name,
        prepared_for=workshop.prepared_for,
        template_name=details["template"],
        language=spec.language,
        sections=spec.sections,
        introduction_md=introduction_md,
        introduction_html=safe_html(introduction_md, hard_breaks=False),
        method_md=method_md,
        method_html=safe_html(method_md, hard_breaks=False) if method_md else "",
        participants_total=len(participants),
        participants_by_group=_people_by_group(participants, template, group_label),
        phases=phases,
        top_themes=ranked[:TOP_THEMES],
        top_notes=sorted((n for n in note_views.values() if n.votes), key=lambda n: (-n.votes, n.created_at))[
            :TOP_THEMES
        ],
        actions=[_action_view(a, _action_votes(a, votes), tag_label) for a in actions if a.status != "dropped"],
        previous_actions=previous_actions,
        previous_title=previous_title,
        voice=_voice(visible, workshop, phase_title, template, group_label),
        framework_name=framework.name if framework else "",
        framework_description=framework.description if framework else "",
        framework_rows=_framework_rows(framework, visible, theme_by_id, themes, actions),
        hidden_count=sum(1 for n in notes if n.hidden),
        unapproved_count=sum(1 for n in notes if not n.hidden and not n.approved),
        scribed_count=sum(1 for n in visible if n.scribed),
        show_nicknames=workshop.show_nicknames,
        generated_at=now or datetime.now(timezone.utc),
    )


def _aware(moment: datetime) -> datetime:
    """SQLite hands datetimes back without a zone; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _lines(text: str) -> list[str]:
    """Partners are typed one per line (or separated by commas)."""
    parts = [p.strip() for line in (text or "").splitlines() for p in line.split(",")]
    return [p for p in parts if p]


def _people_by_group(participants, template, group_label) -> list[tuple[str, int]]:
    """People per group, in the template's order, then any other groups, then 'Not stated'."""
    counts = Counter(p.group_key for p in participants)
    order = [g.key for g in template.groups] if template else []
    order += sorted(k for k in counts if k and k not in order)
    rows = [(group_label(k), counts[k]) for k in order if counts[k]]
    if counts[""]:
        rows.append((NOT_STATED, counts[""]))
    return rows


def _voice(visible, workshop, phase_title, template, group_label) -> VoiceBalance:
    """Whose voices shaped each phase: counts of visible notes by group."""
    keys = [g.key for g in template.groups] if template else []
    present = {n.group_key for n in visible}
    keys = [k for k in keys if k in present] + sorted(k for k in present if k and k not in keys)
    if "" in present:
        keys.append("")
    rows = []
    for phase in workshop.phases:
        counts = Counter(n.group_key for n in visible if n.phase_key == phase.key)
        rows.append((phase_title[phase.key], [counts[k] for k in keys]))
    totals = [sum(row[1][i] for row in rows) for i in range(len(keys))]
    return VoiceBalance(groups=[group_label(k) if k else NOT_STATED for k in keys], rows=rows, totals=totals)


def _action_votes(action: Action, votes: Counter) -> int:
    total = votes[("action", action.id)]
    for link in action.links:
        kind, _, target = link.partition(":")
        total += votes[(kind, target)]
    return total


def _action_view(action: Action, votes: int, tag_label) -> ActionView:
    return ActionView(
        text=action.text,
        html=safe_html(action.text),
        owner=action.owner,
        due=readable_date(action.due),
        tag=tag_label(action.framework_tag) if action.framework_tag else "",
        votes=votes,
        status=action.status,
        outcome=action.outcome,
        outcome_html=safe_html(action.outcome) if action.outcome else "",
    )


def _framework_rows(framework, visible, theme_by_id, themes, actions) -> list[FrameworkRow]:
    """How much of the conversation touched each part of the framework (a note counts
    under its own tag, or its theme's)."""
    if framework is None:
        return []
    rows = []
    for tag in framework.tags:
        notes = sum(
            1
            for n in visible
            if n.framework_tag == tag.key
            or (not n.framework_tag and n.theme_id in theme_by_id and theme_by_id[n.theme_id].framework_tag == tag.key)
        )
        rows.append(
            FrameworkRow(
                label=tag.label,
                description=tag.description,
                notes=notes,
                themes=sum(1 for t in themes if t.framework_tag == tag.key),
                actions=sum(1 for a in actions if a.framework_tag == tag.key and a.status != "dropped"),
            )
        )
    return rows
