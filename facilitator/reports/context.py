"""Everything a report shows, read once from the database into plain Python objects.

`build_context` is the only place that decides what a report contains; the HTML, PDF
and Markdown renderers only lay it out. The rules it keeps:

- hidden notes and notes still awaiting approval are left out everywhere, and counted;
- a note's author (nickname, group) is printed only as it was shown when it was posted,
  and while the workshop still shows it (`workshops/visibility.py`, the report's role);
  the voice balance counts notes per group without saying who wrote which;
- every piece of untrusted text is carried both raw (`text`, for Markdown/CSV) and as
  sanitised HTML (`html`, see markup.safe_html) — renderers never sanitise themselves;
- a theme's votes are the dots on the theme plus the dots on its visible notes; an
  action shows the themes and notes it comes from (never a vote of its own);
- review cards (last cycle's actions shown again) are never this cycle's notes or voices:
  every such check goes through reports/rules.py;
- every generated sentence is built from what is there: a missing date, venue or group
  leaves its words out rather than a blank;
- times are in the workshop's time zone (reports/clock.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.reports import clock
from facilitator.reports.markup import as_text_in_markdown, checked_html, readable, safe_html
from facilitator.reports.rules import LATE_MARK, counts_as_voice, is_review_card, left_out
from facilitator.store.models import Action, Note, Participant, Theme, Vote, Workshop
from facilitator.workshops import own_words, visibility
from facilitator.workshops.responses import response_view, responses_of
from facilitator.workshops.session_templates import (
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
    late: bool = False  # scribed after its phase had closed: printed with rules.LATE_MARK
    language: str = ""  # the note's language code ("ar"), "" when not known
    translation: "TranslationView | None" = None
    printed_plain: bool = False  # its Markdown could not be rendered, so it is printed as text

    @property
    def time(self) -> str:
        return clock.local(self.created_at).strftime("%H:%M")

    @property
    def inline_html(self) -> str | None:
        """The note's HTML without its paragraph, when it is a single paragraph (most
        notes are); None otherwise. Lets a table cell hold the text directly: a
        wrapper div and paragraph per note cost WeasyPrint ~0.8 s in a 500-note report."""
        return single_paragraph(self.html)

    @property
    def direction(self) -> str:
        return text_direction(self.text)

    @property
    def late_mark(self) -> str:
        """What every export prints after a note added after its phase closed; else ''."""
        return LATE_MARK if self.late else ""

    untranslated_in: str = ""  # "Arabic": written in a language not the report's, with no translation yet


@dataclass
class TranslationView:
    text: str
    html: str
    language: str  # the language it is translated into ("en")
    by: str  # "interpreter" | "facilitator"

    @property
    def label(self) -> str:
        """How the report marks it: 'Translated by an interpreter'."""
        return "Translated by an interpreter" if self.by == "interpreter" else "Translated by the facilitator"

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
    # {"name": {language: text}}: its up-to-date translations (workshops/own_words.py), for the handout
    translations: dict[str, dict[str, str]] = field(default_factory=dict)


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
    had_vote: bool = False  # people placed dots in this phase: only then are dots printed
    short_title: str = ""  # the board's title ("What?"), for sentences
    note_dots: bool = False  # some note itself got dots: only then does a notes table have a Dots column


@dataclass
class ActionView:
    text: str
    html: str
    owner: str
    due: str
    tag: str
    status: str
    outcome: str
    outcome_html: str
    sources: list[str] = field(default_factory=list)  # "Waiting and same-day access — 13 dots"
    due_iso: str = ""
    id: str = ""  # the action's id, so a commissioner's response can name it (issue 14)
    response: dict | None = None  # the commissioners' answer to it (workshops/responses.response_view), if any
    # {"text"|"owner": {language: text}}: its up-to-date translations (workshops/own_words.py), for the handout
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    proposed: bool = False  # suggested from a phone, so perhaps in the participant's language
    # Its words in the report's language when written in another (an action a phone suggested in Arabic,
    # translated with wording:translate): printed under the original, marked, as a note's translation is.
    translation: TranslationView | None = None
    untranslated_in: str = ""  # "Arabic": suggested in a language not the report's, with no translation yet


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

    @property
    def by_group(self) -> list[tuple[str, list[int], int]]:
        """The table the other way round, a row per group (label, count per phase, total):
        seven groups as rows always fit the page; seven as columns did not."""
        return [(label, [counts[i] for _, counts in self.rows], self.totals[i]) for i, label in enumerate(self.groups)]

    def chart(self):
        from facilitator.reports.charts import voice_chart

        return voice_chart(self.groups, self.rows)


@dataclass
class People:
    """Who was in the room: phones that joined, plus the people a scribe posted for."""

    phones: int
    scribed: int  # distinct tables/groups a facilitator wrote notes for (at least one person each)
    by_group: list[tuple[str, int]]  # label, people (phones and scribed), in the template's order

    @property
    def total(self) -> int:
        return self.phones + self.scribed

    def sentence(self) -> str:
        """'15 people took part: Lived experience (6), Practitioner (4) and not stated (2).'"""
        if not self.total:
            return ""
        parts = [f"{label} ({count})" if label != NOT_STATED else f"not stated ({count})" for label, count in self.by_group]
        head = f"{self.total} {'person' if self.total == 1 else 'people'} took part"
        if self.scribed:
            head += f" ({self.scribed} of them through a facilitator who wrote their notes down)"
        return head + (": " + join_words(parts) if parts else "") + "."


@dataclass
class FrameworkRow:
    """One part of the template's framework and how many actions are tagged with it (only
    actions can be tagged: workshops/actions.py; notes and themes carry no tag)."""

    label: str
    description: str
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
    participants_total: int  # phones plus scribed people
    participants_by_group: list[tuple[str, int]]
    people: People
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
    framework_actions: int  # the actions the framework page counts (not dropped)
    framework_tagged: int  # of those, how many carry a tag
    hidden_count: int
    unapproved_count: int
    scribed_count: int
    show_nicknames: bool  # some note printed shows the nickname it was posted with
    generated_at: datetime
    show_groups: bool = False  # some note printed shows its author's group (posted while shown)
    report_language: str = "en"  # the base language translations go into
    had_vote: bool = False
    themes_made: int = 0
    review_cards: int = 0
    method_sentences: list[str] = field(default_factory=list)
    findings_md: str = ""
    findings_html: str = ""
    findings_drafted: bool = False  # True: the facilitator has not written them, this is the product's draft
    recommendations_md: str = ""
    recommendations_html: str = ""
    recommendations_drafted: bool = False
    printed_plain: list[NoteView] = field(default_factory=list)
    untranslated: list[NoteView] = field(default_factory=list)
    missing_details: list[str] = field(default_factory=list)
    # The commissioners' answers to this workshop's recommendations and actions (issue 14).
    responses: list[dict] = field(default_factory=list)
    # The template's wording before the workshop's details went in, and those details, so
    # the Markdown export can escape the details as text and keep the wording's Markdown.
    introduction_pattern: str = ""
    method_pattern: str = ""
    placeholders: dict[str, str] = field(default_factory=dict)
    # The workshop's own words in other languages, up to date only (workshops/own_words.py):
    # {"title"|"question"|"findings"|"recommendations": {language: text}}, for the handout.
    translations: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def generated_local(self) -> str:
        moment = clock.local(self.generated_at)
        return f"{moment.day} {moment:%B %Y at %H:%M} {moment.tzname() or ''}".strip()

    @property
    def zone_name(self) -> str:
        return str(clock.report_zone())

    @property
    def has_framework(self) -> bool:
        return bool(self.framework_name)

    @property
    def framework_sentence(self) -> str:
        """What was tagged with the framework (framework_sentence below)."""
        return framework_sentence(self)

    @property
    def notes_total(self) -> int:
        return sum(len(p.notes) for p in self.phases)

    @property
    def left_out_total(self) -> int:
        return self.hidden_count + self.unapproved_count


def single_paragraph(html: str) -> str | None:
    """The HTML inside `html`'s paragraph when it is one paragraph (a line of a page or a
    table cell can then hold it directly); None when it is more (lists, several paragraphs)."""
    match = _SINGLE_PARAGRAPH.fullmatch(html.strip())
    return match.group(1) if match else None


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


def join_words(parts: list[str]) -> str:
    """['a', 'b', 'c'] → 'a, b and c'."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def held_phrase(day: str, venue: str) -> str:
    """', held on 17 July 2026 at Leeds Civic Hall', with whichever parts are known, or ''."""
    if day and venue:
        return f", held on {day} at {venue}"
    if day:
        return f", held on {day}"
    if venue:
        return f", held at {venue}"
    return ""


# "held on {date} at {venue}" in an older template: built from what is known instead.
_HELD_PATTERN = re.compile(r",?\s*(?:a workshop\s+)?(?:held\s+)?on \{date\},?\s+at \{venue\}")


def language_label(code: str) -> str:
    """'ar' → 'Arabic', as an English reader of the report names it."""
    from facilitator.core.i18n import language_names

    names = language_names(code)
    return names[0] if names else code


def base_language(tag: str) -> str:
    """'en-GB' → 'en'."""
    return (tag or "en").split("-", 1)[0].lower()


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
    report_language = base_language(spec.language)

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
    vote_rows = list(
        session.execute(select(Vote.target_kind, Vote.target_id, Vote.phase_key).where(Vote.workshop_id == workshop.id))
    )
    votes = Counter((kind, target) for kind, target, _phase in vote_rows)
    voted_phases = {phase for _kind, _target, phase in vote_rows}

    visible = [n for n in notes if counts_as_voice(n)]
    theme_by_id = {t.id: t for t in themes}
    note_views = {n.id: _note_view(n, workshop, group_label, tag_label, votes, theme_by_id) for n in visible}

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
                translations=own_words.current(theme),
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
                left_out=sum(1 for n in notes if n.phase_key == phase.key and left_out(n)),
                had_vote=phase.key in voted_phases,
                short_title=phase.title,
                note_dots=any(n.votes for n in in_phase),
            )
        )

    people = _people(participants, visible, template, group_label)
    day = readable_date(workshop.date)
    details = {
        "title": workshop.title,
        "question": workshop.question,
        "date": day,
        "venue": workshop.venue,
        "partners": join_words(_lines(workshop.partners)),
        "facilitator": workshop.facilitator_name,
        "prepared_for": workshop.prepared_for,
        "participants": str(people.total),
        "people": f"{people.total} {'person' if people.total == 1 else 'people'}",
        "who": people.sentence(),
        "held": held_phrase(day, workshop.venue),
        "template": template.name if template else workshop.template_key,
    }
    introduction_pattern = _HELD_PATTERN.sub("{held}", spec.introduction)
    method_pattern = _HELD_PATTERN.sub("{held}", spec.method) if spec.method else ""
    introduction_md = fill_placeholders(introduction_pattern, details)
    method_md = fill_placeholders(method_pattern, details) if method_pattern else ""
    # The details are text inside the template's Markdown: a title cannot become a link or emphasis.
    as_text = {name: as_text_in_markdown(value) for name, value in details.items()}

    previous_title, previous_actions = "", []
    if workshop.previous_workshop_id:
        previous = session.get(Workshop, workshop.previous_workshop_id)
        if previous is not None:
            previous_title = previous.title
            previous_actions = [
                _action_view(a, tag_label, [], report_language)
                for a in session.scalars(
                    select(Action).where(Action.workshop_id == previous.id).order_by(Action.created_at, Action.id)
                )
            ]
            # What the commissioners decided about each of them (issue 14).
            answered = {r.item_key: response_view(r) for r in responses_of(session, previous)}
            for view in previous_actions:
                view.response = answered.get(f"action:{view.id}")

    action_views = [
        _action_view(a, tag_label, _sources(a, theme_views, note_views, phases), report_language)
        for a in actions
        if a.status != "dropped"
    ]
    counted_actions = _counted_actions(actions)
    ranked = sorted((t for t in theme_views if t.votes), key=lambda t: (-t.votes, t.name))
    voice = _voice(visible, workshop, phase_title, template, group_label)
    review_cards = sum(1 for n in notes if is_review_card(n))
    scribed_count = sum(1 for n in visible if n.scribed)
    had_vote = bool(voted_phases)
    themes_made = sum(1 for t in theme_views if t.notes)

    context = ReportContext(
        code=workshop.code,
        title=fill_placeholders(spec.title, details).strip() or workshop.title,
        workshop_title=workshop.title,
        question=workshop.question,
        date=day,
        iso_date=workshop.date,
        venue=workshop.venue,
        partners=_lines(workshop.partners),
        facilitator_name=workshop.facilitator_name,
        prepared_for=workshop.prepared_for,
        template_name=details["template"],
        language=spec.language,
        sections=spec.sections,
        introduction_md=introduction_md,
        introduction_html=safe_html(fill_placeholders(introduction_pattern, as_text), hard_breaks=False),
        method_md=method_md,
        method_html=safe_html(fill_placeholders(method_pattern, as_text), hard_breaks=False) if method_md else "",
        participants_total=people.total,
        participants_by_group=people.by_group,
        people=people,
        phases=phases,
        top_themes=ranked[:TOP_THEMES],
        top_notes=sorted((n for n in note_views.values() if n.votes), key=lambda n: (-n.votes, n.created_at))[
            :TOP_THEMES
        ],
        actions=action_views,
        previous_actions=previous_actions,
        previous_title=previous_title,
        voice=voice,
        framework_name=framework.name if framework else "",
        framework_description=framework.description if framework else "",
        framework_rows=_framework_rows(framework, counted_actions),
        framework_actions=len(counted_actions) if framework else 0,
        framework_tagged=sum(1 for a in counted_actions if a.framework_tag) if framework else 0,
        hidden_count=sum(1 for n in notes if left_out(n) and n.hidden),
        unapproved_count=sum(1 for n in notes if left_out(n) and not n.hidden),
        scribed_count=scribed_count,
        show_nicknames=any(view.nickname for view in note_views.values()),
        show_groups=any(view.group_label for view in note_views.values()),
        generated_at=now or datetime.now(timezone.utc),
        report_language=report_language,
        had_vote=had_vote,
        themes_made=themes_made,
        review_cards=review_cards,
        printed_plain=[v for v in note_views.values() if v.printed_plain],
        untranslated=[
            v for v in note_views.values() if v.language and base_language(v.language) != report_language and v.translation is None
        ],
        missing_details=missing_details(workshop),
        introduction_pattern=introduction_pattern,
        method_pattern=method_pattern,
        placeholders=details,
        translations=own_words.current(workshop),
    )
    for note in context.untranslated:
        note.untranslated_in = language_label(note.language)
    context.method_sentences = method_sentences(context, workshop)
    _front_page(context, workshop)
    context.responses = [response_view(r) for r in responses_of(session, workshop)]
    return context


COVER_FIELDS = (
    ("date", "the date"),
    ("venue", "the venue"),
    ("facilitator_name", "who facilitated"),
    ("partners", "the partners"),
    ("prepared_for", "who the report is prepared for"),
)


def missing_details(workshop: Workshop) -> list[str]:
    """The cover details still blank, as the report panel names them before export."""
    return [label for attr, label in COVER_FIELDS if not (getattr(workshop, attr) or "").strip()]


def method_sentences(r: ReportContext, workshop: Workshop) -> list[str]:
    """How the workshop worked, from its phases and from what actually happened."""
    titles = [p.short_title or p.title for p in r.phases]
    said = []
    if titles:
        said.append(f"The workshop had {len(titles)} {'step' if len(titles) == 1 else 'steps'}: {join_words(titles)}.")
    posted = r.notes_total - r.scribed_count
    if r.notes_total:
        sentence = f"People posted {posted} {'note' if posted == 1 else 'notes'} from their phones"
        if r.scribed_count:
            sentence += (
                f", and a facilitator wrote down {r.scribed_count} {'note' if r.scribed_count == 1 else 'notes'} "
                "for people without a phone"
            )
        said.append(sentence + ".")
    else:
        said.append("No notes were posted.")
    if r.themes_made:
        said.append(f"The facilitator grouped the notes into {r.themes_made} {'theme' if r.themes_made == 1 else 'themes'}.")
    elif r.notes_total:
        said.append("The notes were not grouped into themes.")
    voted = [p.short_title or p.title for p in r.phases if p.had_vote]
    if voted:
        said.append(f"People used dots to vote on what mattered most in {join_words(voted)}.")
    else:
        said.append("There was no dot vote.")
    if r.review_cards:
        said.append(
            f"{r.review_cards} {'action' if r.review_cards == 1 else 'actions'} from the previous workshop "
            f"{'was' if r.review_cards == 1 else 'were'} shown again for review; they are not counted as notes."
        )
    if r.has_framework:
        said.append(r.framework_sentence)
    return said


def _front_page(r: ReportContext, workshop: Workshop) -> None:
    """Key findings and recommendations: the facilitator's words, else the product's draft."""
    from facilitator.reports.findings import draft_findings, draft_recommendations

    findings = (workshop.findings or "").strip()
    recommendations = (workshop.recommendations or "").strip()
    r.findings_drafted = not findings
    r.recommendations_drafted = not recommendations
    r.findings_md = findings or draft_findings(r)
    r.recommendations_md = recommendations or draft_recommendations(r)
    r.findings_html = checked_html(r.findings_md)[0] if r.findings_md else ""
    r.recommendations_html = checked_html(r.recommendations_md)[0] if r.recommendations_md else ""


def _note_view(n: Note, workshop: Workshop, group_label, tag_label, votes: Counter, theme_by_id: dict) -> NoteView:
    text = readable(n.text)
    rendered, ok = checked_html(text)
    translation = None
    if (n.translation_text or "").strip():
        translated = readable(n.translation_text)
        translation = TranslationView(
            text=translated,
            html=checked_html(translated)[0],
            language=n.translation_language or "en",
            by=n.translation_by or "facilitator",
        )
    return NoteView(
        id=n.id,
        phase_key=n.phase_key,
        text=text,
        html=rendered,
        group_label=group_label(n.group_key) if visibility.shows(visibility.REPORT, "group", n, workshop) else "",
        nickname=n.nickname if visibility.shows(visibility.REPORT, "nickname", n, workshop) else "",
        votes=votes[("note", n.id)],
        created_at=_aware(n.created_at),
        theme=theme_by_id[n.theme_id].name if n.theme_id in theme_by_id else "",
        tag=tag_label(n.framework_tag) if n.framework_tag else "",
        highlighted=n.highlighted,
        scribed=n.scribed,
        late=bool(n.late),
        language=n.language or "",
        translation=translation,
        printed_plain=not ok,
    )


def _aware(moment: datetime) -> datetime:
    """SQLite hands datetimes back without a zone; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _lines(text: str) -> list[str]:
    """Partners are typed one per line (or separated by commas)."""
    parts = [p.strip() for line in (text or "").splitlines() for p in line.split(",")]
    return [p for p in parts if p]


def _people(participants, visible, template, group_label) -> People:
    """Phones that joined, plus the people a scribe wrote for: one per table and group
    seen on scribed notes (a scribe's notes with neither count as one person)."""
    counts = Counter(p.group_key for p in participants)
    scribed_people = {(n.table_label, n.group_key) for n in visible if n.scribed}
    for _table, group in scribed_people:
        counts[group] += 1
    order = [g.key for g in template.groups] if template else []
    order += sorted(k for k in counts if k and k not in order)
    rows = [(group_label(k), counts[k]) for k in order if counts[k]]
    if counts[""]:
        rows.append((NOT_STATED, counts[""]))
    return People(phones=len(participants), scribed=len(scribed_people), by_group=rows)


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


def _sources(action: Action, theme_views, note_views, phases) -> list[str]:
    """What an action comes from, as a reader can check it: 'Waiting times — 13 dots'
    for a theme, the note's words for a note. Dots only where a vote was held."""
    voted = {p.key for p in phases if p.had_vote}
    themes = {str(t.id): t for t in theme_views}
    said = []
    for link in action.links:
        kind, _, ref = link.partition(":")
        if kind == "theme" and ref in themes:
            theme = themes[ref]
            dots = f" — {theme.votes} {'dot' if theme.votes == 1 else 'dots'}" if theme.phase_key in voted else ""
            said.append(f"{theme.name}{dots}")
        elif kind == "note" and ref in note_views:
            note = note_views[ref]
            said.append(f"“{note.translation.text if note.translation else note.text}”")
    return said


def _action_view(action: Action, tag_label, sources: list[str], report_language: str = "en") -> ActionView:
    translations = own_words.current(action)
    view = ActionView(
        text=readable(action.text),
        html=checked_html(action.text)[0],
        owner=action.owner,
        due=readable_date(action.due),
        tag=tag_label(action.framework_tag) if action.framework_tag else "",
        status=action.status,
        outcome=readable(action.outcome),
        outcome_html=checked_html(action.outcome)[0] if action.outcome else "",
        sources=sources,
        due_iso=action.due or "",
        id=action.id,
        translations=translations,
        proposed=bool(action.proposed_by),
    )
    view.translation = _action_translation(action, translations, report_language)
    if view.proposed and view.translation is None:
        view.untranslated_in = _untranslated_language(view.text, report_language)
    return view


def _action_translation(action: Action, translations: dict, report_language: str) -> TranslationView | None:
    """The action's words in the report's language, when someone translated them into it
    (only ever needed for words written in another language); None otherwise."""
    text = translations.get("text", {}).get(report_language)
    if not text:
        return None
    kept = own_words.stored(action).get("text")
    made = kept.get(report_language) if isinstance(kept, dict) else None
    by = made.get("by") if isinstance(made, dict) else ""
    text = readable(text)
    return TranslationView(text=text, html=checked_html(text)[0], language=report_language, by=by or "facilitator")


def _untranslated_language(text: str, report_language: str) -> str:
    """'Arabic' when `text` is clearly written in a language not the report's; else ''
    (too short to tell, or in the report's language)."""
    from facilitator.workshops.written_language import detect

    found = detect(text, report_language)
    if found is None or base_language(found.language) == report_language:
        return ""
    return language_label(found.language)


def _counted_actions(actions) -> list[Action]:
    """The actions the framework page counts: every one not dropped."""
    return [a for a in actions if a.status != "dropped"]


def _framework_rows(framework, counted_actions) -> list[FrameworkRow]:
    """How many of `counted_actions` are tagged with each part of the framework."""
    if framework is None:
        return []
    return [
        FrameworkRow(
            label=tag.label,
            description=tag.description,
            actions=sum(1 for a in counted_actions if a.framework_tag == tag.key),
        )
        for tag in framework.tags
    ]


def framework_sentence(r: "ReportContext") -> str:
    """What was tagged with the framework, as the framework page and the method say it:
    only actions can be ('... 5As for Access: 4 of 6 actions carry a tag')."""
    if not r.has_framework:
        return ""
    tagged, total = r.framework_tagged, r.framework_actions
    if not total:
        return f"Only actions are tagged with a part of the {r.framework_name}, and no action was recorded."
    return (
        f"Only actions are tagged with a part of the {r.framework_name}: "
        f"{tagged} of {total} {'action carries' if total == 1 else 'actions carry'} a tag. Notes and themes are not tagged."
    )
