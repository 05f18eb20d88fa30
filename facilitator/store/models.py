"""The stored shape of workshops, their phases, participants and notes (SQLAlchemy 2.x).

Every row that a board shows carries `seq`: the workshop's change counter at its last
change. A client that reconnects says the last number it saw and gets every row
changed since, which is how nobody misses a note while their phone was offline.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, and_
from sqlalchemy import false as sa_false
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class Setting(Base):
    """Installation-wide values, such as the facilitator passcode's hash."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Workshop(Base):
    __tablename__ = "workshop"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True, index=True)
    title: Mapped[str] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(Text, default="")
    date: Mapped[str] = mapped_column(String(10), default="")  # ISO date, as typed by the facilitator
    venue: Mapped[str] = mapped_column(String(200), default="")
    template_key: Mapped[str] = mapped_column(String(64))
    note_max_chars: Mapped[int] = mapped_column(Integer, default=500)
    board_secret: Mapped[str] = mapped_column(String(64))
    cofacilitator_token: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The timer: while running, time left is `timer_remaining - (now - timer_started_at)`.
    timer_duration: Mapped[int] = mapped_column(Integer, default=0)
    timer_remaining: Mapped[float] = mapped_column(Float, default=0.0)
    timer_started_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    # The phase the timer was last set for (opening a phase sets it to that phase's minutes).
    timer_phase: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # What the projected board shows: "auto" (the join view while no phase is open) or "join".
    board_view: Mapped[str] = mapped_column(String(8), default="auto", server_default="auto")

    # Report cover details (issue: reports) and settings (issue: toolkit).
    partners: Mapped[str] = mapped_column(Text, default="")
    facilitator_name: Mapped[str] = mapped_column(String(200), default="")
    prepared_for: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16), default="live")  # draft | live | closed | archived
    show_nicknames: Mapped[bool] = mapped_column(Boolean, default=False)
    # Anonymous by default: groups are kept (and counted in the report) but not shown publicly.
    # "Lanyards off": groups hidden on board and phones. The name clients, exports and the
    # database know; code reads the positive `shows_groups`.
    lanyards_off: Mapped[bool] = mapped_column(Boolean, default=True)
    premoderation: Mapped[bool] = mapped_column(Boolean, default=False)
    voting_phase: Mapped[str | None] = mapped_column(String(32), nullable=True)  # open voting, if any
    dots_per_person: Mapped[int] = mapped_column(Integer, default=3)
    votes_revealed: Mapped[bool] = mapped_column(Boolean, default=True)
    spotlight: Mapped[str | None] = mapped_column(String(80), nullable=True)  # "note:<id>" or "theme:<id>"
    previous_workshop_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop.id", ondelete="SET NULL"), nullable=True
    )
    # Translations and the report's front page (issue 15; migration 0004).
    show_translations: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")  # on the board
    interpreter_token: Mapped[str] = mapped_column(String(64), default="", server_default="")  # "" = no link
    findings: Mapped[str] = mapped_column(Text, default="", server_default="")  # Markdown, the facilitator's
    recommendations: Mapped[str] = mapped_column(Text, default="", server_default="")  # Markdown, the facilitator's
    # The commissioners' response link and whether their answers are locked (issue 14; migration 0005).
    response_token: Mapped[str] = mapped_column(String(64), default="", server_default="")  # "" = no link
    responses_locked: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # Translations of the facilitator's words on this row (workshops/wording.py; migration 0012):
    # JSON {field: {language: {"text", "source", "by"}}}. Read and written only through wording.
    translations: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")

    # Who has joined, as running totals (workshops/presence.py; migration 0008). NULL: not
    # kept yet (an import, an older version), counted from the participants at the next join.
    joined_count: Mapped[int | None] = mapped_column(Integer, nullable=True, default=None)
    joined_languages: Mapped[str | None] = mapped_column(Text, nullable=True, default=None)  # JSON {"ar": 12, "": 3}

    phases: Mapped[list["Phase"]] = relationship(
        back_populates="workshop", order_by="Phase.position", cascade="all, delete-orphan"
    )

    @property
    def shows_groups(self) -> bool:
        """True while boards and phones may show which group a note came from."""
        return not self.lanyards_off


class Phase(Base):
    __tablename__ = "phase"
    __table_args__ = (UniqueConstraint("workshop_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(100))
    prompt: Mapped[str] = mapped_column(Text)
    guidance: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[int] = mapped_column(Integer, default=10)
    is_open: Mapped[bool] = mapped_column(Boolean, default=False)
    # Translations of the facilitator's words on this row (workshops/wording.py; migration 0012):
    # JSON {field: {language: {"text", "source", "by"}}}. Read and written only through wording.
    translations: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")

    workshop: Mapped[Workshop] = relationship(back_populates="phases")


class Participant(Base):
    """Someone who joined from a phone. Anonymous: no IP address, no account."""

    __tablename__ = "participant"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # random token kept by the phone
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    nickname: Mapped[str] = mapped_column(String(40), default="")
    group_key: Mapped[str] = mapped_column(String(40), default="")
    table_label: Mapped[str] = mapped_column(String(40), default="")  # optional: the table they sit at
    # The language their phone shows (e.g. "ar"), so the facilitator can arrange interpreters.
    language: Mapped[str] = mapped_column(String(16), default="", server_default="")
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Who they arrived with (issue 21, row 10; facilitator/web/bursts.py): a random id shared by
    # newcomers from one network address in quick succession — never the address. Cleared
    # once the facilitator has looked at the burst (workshops/arrivals.py).
    arrival_burst: Mapped[str | None] = mapped_column(String(16), nullable=True, default=None)
    # They posted a note or proposed an action (kept here so the alert above costs one
    # indexed query per dot, not a search of every note).
    posted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # The facilitator discarded this person's dots as not the room's: they place no more.
    dots_discarded: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())

    __table_args__ = (Index("ix_participant_arrival_burst", "workshop_id", "arrival_burst"),)


class Note(Base):
    """One thing a participant said. Its id is made by the phone, so a retry is the same note."""

    __tablename__ = "note"

    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    phase_key: Mapped[str] = mapped_column(String(32))
    participant_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    group_key: Mapped[str] = mapped_column(String(40), default="")
    nickname: Mapped[str] = mapped_column(String(40), default="")
    text: Mapped[str] = mapped_column(Text)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    seq: Mapped[int] = mapped_column(Integer, index=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"), nullable=True)
    scribed: Mapped[bool] = mapped_column(Boolean, default=False)  # posted by a facilitator for someone
    table_label: Mapped[str] = mapped_column(String(40), default="")
    approved: Mapped[bool] = mapped_column(Boolean, default=True)  # False while awaiting pre-moderation
    framework_tag: Mapped[str] = mapped_column(String(40), default="")
    highlighted: Mapped[bool] = mapped_column(Boolean, default=False)  # a quote to highlight in the report
    # A review card: an action carried forward from the previous cycle ("<workshop code>:<action id>").
    review_of: Mapped[str] = mapped_column(String(64), default="")
    # What kind of card this is ("note", "review"): see workshops/cards.py for what each kind means.
    kind: Mapped[str] = mapped_column(String(16), default="note", server_default="note")
    # Scribed by a facilitator after its phase had closed (a late comment from someone without a phone).
    late: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # Issue 12 (anonymity kept as promised): whether the public may see the author's nickname
    # and group, fixed by the settings in force when the note was posted. Turning nicknames
    # or lanyards on later shows them only on notes posted since.
    nickname_public: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    group_public: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())

    @hybrid_property
    def on_board(self) -> bool:
        """Shown on the board (and to phones and in the report): not hidden, and approved.

        The one definition of the rule: `note.on_board` in Python, `Note.on_board` in a query.
        """
        return not self.hidden and self.approved

    @on_board.inplace.expression
    @classmethod
    def _on_board_expression(cls):
        return and_(cls.hidden.is_(False), cls.approved.is_(True))
    # The language the note is written in (read from its words, else the phone's; or set by a
    # facilitator or interpreter),
    # and its translation into the report's language (issue 15; migration 0004).
    language: Mapped[str] = mapped_column(String(16), default="", server_default="")
    # Where `language` came from (issue 27; migration 0011): "" the phone's language or the
    # scribe's word, "text" recognised from the note's words (workshops/written_language.py)
    # because it differed from the phone's, "person" corrected by a facilitator or interpreter.
    language_source: Mapped[str] = mapped_column(String(8), default="", server_default="")
    translation_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    translation_language: Mapped[str] = mapped_column(String(16), default="", server_default="")
    translation_by: Mapped[str] = mapped_column(String(16), default="", server_default="")  # interpreter | facilitator
    # A hidden or pending note the facilitator has released to the interpreter, so that
    # someone can read it before deciding on it (issue 21; migration 0009). Notes on the
    # board are the interpreter's without it.
    released_for_translation: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # A review card's action words in other languages, {"text"|"owner": {language: text}},
    # as they were when the next cycle began (workshops/own_words.py; migration 0012).
    translations: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")


class Theme(Base):
    """A named group of notes within a phase, made by the facilitator."""

    __tablename__ = "theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    phase_key: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer, default=0)
    framework_tag: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    # Deleted and merged themes stay as tombstones, so a client catching up `since` a
    # number learns that they went; `merged_into` says where their notes went.
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    merged_into: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Translations of the facilitator's words on this row (workshops/wording.py; migration 0012):
    # JSON {field: {language: {"text", "source", "by"}}}. Read and written only through wording.
    translations: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")


class ThemeChange(Base):
    """One step of the facilitator's theme work, with what is needed to undo it (JSON)."""

    __tablename__ = "theme_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # create | rename | assign | merge | delete
    undo: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Vote(Base):
    """One dot placed by a participant on a note or a theme."""

    __tablename__ = "vote"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    phase_key: Mapped[str] = mapped_column(String(32))
    target_kind: Mapped[str] = mapped_column(String(8))  # "note" | "theme"
    target_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Action(Base):
    """A Now what? item: what will be done, by whom, by when."""

    __tablename__ = "action"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # UUID, made by whoever proposes it
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")
    due: Mapped[str] = mapped_column(String(10), default="")  # ISO date
    framework_tag: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(16), default="proposed")  # proposed | confirmed | done | dropped
    proposed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)  # participant id, None if facilitator
    linked: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of "note:<id>" / "theme:<id>"; read `links`
    outcome: Mapped[str] = mapped_column(Text, default="")  # "You said, we did": what happened, for the next cycle
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    # Translations of the facilitator's words on this row (workshops/wording.py; migration 0012):
    # JSON {field: {language: {"text", "source", "by"}}}. Read and written only through wording.
    translations: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")

    AGREED = ("confirmed", "done")

    @hybrid_property
    def on_board(self) -> bool:
        """Agreed (confirmed or done): shown on the board and phones, carried to the next cycle.
        A proposal waits for the facilitator; a dropped action is gone."""
        return self.status in Action.AGREED

    @on_board.inplace.expression
    @classmethod
    def _on_board_expression(cls):
        return cls.status.in_(cls.AGREED)

    @property
    def links(self) -> list[str]:
        """The notes and themes this action answers, as "note:<id>" / "theme:<id>" (the one parser
        of `linked`; a damaged value reads as no links)."""
        try:
            links = json.loads(self.linked or "[]")
        except ValueError:
            return []
        return [link for link in links if isinstance(link, str)] if isinstance(links, list) else []

    @links.setter
    def links(self, links: list[str]) -> None:
        self.linked = json.dumps(list(links))


class Response(Base):
    """A commissioner's answer to one recommendation or agreed action of a workshop (issue 14).

    `item_key` names what was answered: "action:<action id>" or "rec:<digest of the
    recommendation's words>" (workshops/responses.py); `item_text` keeps the words as the
    commissioner read them, so an answer still reads right if the report is edited later.
    """

    __tablename__ = "response"
    __table_args__ = (UniqueConstraint("workshop_id", "item_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    item_key: Mapped[str] = mapped_column(String(80))
    item_text: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str] = mapped_column(String(16))  # agreed | partly | not_now | not_ours
    forward_to: Mapped[str] = mapped_column(String(200), default="")  # who should decide, for not_ours
    what: Mapped[str] = mapped_column(Text, default="")  # what will be done
    who: Mapped[str] = mapped_column(String(200), default="")
    by_when: Mapped[str] = mapped_column(String(10), default="")  # ISO date
    fed_into: Mapped[str] = mapped_column(Text, default="")  # the decision or document it fed
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ExportFile(Base):
    """A file the app wrote into the export folder for a workshop (issue 12; migration 0007).

    Deleting a workshop removes exactly the files recorded here, and only while they are
    still plain files inside the export folder — never a file that merely has a name like
    one of the workshop's. Keyed by the workshop's join code, not its row id, because the
    files are removed after the workshop's row has gone (`Facilitation.delete_workshop`);
    the records go with them. A file written to a path the user chose (`facilitator export
    --out`) is the user's and is not recorded.
    """

    __tablename__ = "export_file"
    __table_args__ = (UniqueConstraint("workshop_code", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_code: Mapped[str] = mapped_column(String(12), index=True)
    name: Mapped[str] = mapped_column(String(255))  # a bare file name inside the export folder
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
