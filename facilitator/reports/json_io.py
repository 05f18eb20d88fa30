"""The whole workshop as JSON, and back (`facilitator export --format json`, `facilitator import`).

Every column of every table is written, found by looking at the models, so a column
added later is carried without anyone remembering to list it here. What is *not*
written, and why:

- database row ids: meaningless on another machine; themes get a `ref` (1, 2, ...)
  that notes, votes, actions and the spotlight point to instead;
- participant ids: each is the secret a phone uses to post as that person, so it is
  replaced by a `ref` ("p1", "p2", ...) in the order people joined;
- the board secret and the co-facilitator token: secrets; an import makes new ones;
- the interpreter and commissioners' response links: secrets; an import has none
  (the facilitator makes new ones). The commissioners' responses themselves travel
  (`responses`, issue 14; an export made before them imports with none);
- the previous workshop's row id: written as its join code instead.

Import checks the whole file first (reports/import_check.py: size, nesting, every
field's type and length, references between rows) and then restores it as a new,
standalone workshop (issue 12):

- it always gets a new join code of the app's own format, never the file's (a file may
  hold a code the app would never make, such as "2026", or one that is taken), and new
  secrets;
- it is never linked into a cycle chain: the file's `previous_workshop_code` could name
  any workshop here, so it is not restored (the previous cycle's review cards, which are
  notes, are).

Everything else is restored exactly: export → import → export gives the same file except
for `exported_at`, `workshop.code` and `workshop.previous_workshop_code`. Import is one
transaction: a file that is refused leaves nothing behind.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlalchemy import DateTime, select
from sqlalchemy.orm import Session

from facilitator.reports.errors import ImportRefused
from facilitator.reports.import_check import check_export
from facilitator.reports.json_format import FORMAT, VERSION
from facilitator.reports.json_format import columns as _columns
from facilitator.store.models import Action, Note, Participant, Phase, Response, Theme, Vote, Workshop
from facilitator.workshops.codes import new_join_code, new_secret
from facilitator.workshops.session_templates import SessionTemplate


def _plain(model, row) -> dict:
    out = {}
    for column in _columns(model):
        value = getattr(row, column.key)
        out[column.key] = value.isoformat() if isinstance(value, datetime) else value
    return out


# ---- export --------------------------------------------------------------------------


def export_workshop(session: Session, workshop: Workshop, now: datetime | None = None) -> dict:
    """The workshop and everything in it, as plain JSON-ready data."""
    wid = workshop.id
    participants = list(
        session.scalars(
            select(Participant).where(Participant.workshop_id == wid).order_by(Participant.joined_at, Participant.id)
        )
    )
    themes = list(session.scalars(select(Theme).where(Theme.workshop_id == wid).order_by(Theme.id)))
    person = {p.id: f"p{i}" for i, p in enumerate(participants, 1)}
    theme_ref = {t.id: i for i, t in enumerate(themes, 1)}

    def ref_target(kind: str, target: str):
        if kind == "theme":
            try:
                return theme_ref.get(int(target))
            except ValueError:
                return None
        return target

    notes = []
    for note in session.scalars(select(Note).where(Note.workshop_id == wid).order_by(Note.seq, Note.id)):
        row = _plain(Note, note)
        row["participant_id"] = person.get(note.participant_id)
        row["theme_id"] = theme_ref.get(note.theme_id)
        notes.append(row)
    votes = []
    for vote in session.scalars(select(Vote).where(Vote.workshop_id == wid).order_by(Vote.id)):
        row = _plain(Vote, vote)
        row["participant_id"] = person.get(vote.participant_id)
        row["target_id"] = ref_target(vote.target_kind, vote.target_id)
        votes.append(row)
    actions = []
    for action in session.scalars(select(Action).where(Action.workshop_id == wid).order_by(Action.seq, Action.id)):
        row = _plain(Action, action)
        row["proposed_by"] = person.get(action.proposed_by)
        row["linked"] = _map_links(action.linked, lambda kind, target: ref_target(kind, target))
        actions.append(row)

    details = _plain(Workshop, workshop)
    details["spotlight"] = _map_spotlight(workshop.spotlight, lambda kind, t: ref_target(kind, t))
    previous = session.get(Workshop, workshop.previous_workshop_id) if workshop.previous_workshop_id else None
    details["previous_workshop_code"] = previous.code if previous else None
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": (now or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
        "workshop": details,
        "phases": [_plain(Phase, p) for p in workshop.phases],
        "participants": [{"ref": person[p.id], **_plain(Participant, p)} for p in participants],
        "themes": [_theme_row(t, theme_ref) for t in themes],
        "notes": notes,
        "votes": votes,
        "actions": actions,
        "responses": [
            _plain(Response, r)
            for r in session.scalars(select(Response).where(Response.workshop_id == wid).order_by(Response.created_at, Response.id))
        ],
    }


def _theme_row(theme: Theme, theme_ref: dict) -> dict:
    row = {"ref": theme_ref[theme.id], **_plain(Theme, theme)}
    if row.get("merged_into") is not None:  # a merged theme points at the one that took its notes
        row["merged_into"] = theme_ref.get(row["merged_into"])
    return row


def dumps(data: dict) -> str:
    """Stable text: the same workshop always gives the same bytes (apart from exported_at)."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _map_links(linked: str, mapper) -> list:
    try:
        links = json.loads(linked or "[]")
    except ValueError:
        return []
    out = []
    for link in links if isinstance(links, list) else []:
        kind, _, target = str(link).partition(":")
        mapped = mapper(kind, target)
        if mapped is not None:
            out.append(f"{kind}:{mapped}")
    return out


def _map_spotlight(spotlight: str | None, mapper) -> str | None:
    if not spotlight:
        return spotlight
    kind, _, target = spotlight.partition(":")
    mapped = mapper(kind, target)
    return f"{kind}:{mapped}" if mapped is not None else None


# ---- import --------------------------------------------------------------------------


def import_workshop(session: Session, data, templates: dict[str, SessionTemplate]) -> Workshop:
    """Restore an export as a new workshop in this database; returns it.

    Raises ImportRefused, with a message for a person, when the file is not an export
    this version can restore. The caller's transaction makes it all-or-nothing.
    """
    check_export(data, templates)  # the whole file, before the database is touched
    details = dict(data["workshop"])
    # A restored workshop stands alone: it never joins the cycle chain of a workshop here
    # (a file may name any code as its previous cycle), so the link is dropped.
    details.pop("previous_workshop_code", None)
    spotlight = details.pop("spotlight", None)
    details.pop("code", None)
    workshop = Workshop(
        **_row(Workshop, details, "workshop"),
        code=_unused_code(session),  # always a new code of the app's own format (see the module docstring)
        board_secret=new_secret(),
        cofacilitator_token=new_secret(),
    )
    session.add(workshop)
    session.flush()
    wid = workshop.id

    for index, phase in enumerate(data["phases"]):
        session.add(Phase(workshop_id=wid, **_row(Phase, phase, f"phases[{index}]")))

    # New secret ids, sorted, handed out in the export's order: people who joined in the
    # same instant keep their order, so a second export lists them the same way.
    people = data["participants"]
    fresh_ids = sorted(new_secret() for _ in people)
    person: dict[str, str] = {}
    for index, (row, new_id) in enumerate(zip(people, fresh_ids)):
        row = dict(_need_dict(row, f"participants[{index}]"))
        person[str(row.pop("ref", ""))] = new_id
        session.add(Participant(id=new_id, workshop_id=wid, **_row(Participant, row, f"participants[{index}]")))

    theme_id: dict[str, int] = {}
    merged: list[tuple[Theme, str]] = []
    for index, row in enumerate(data["themes"]):
        row = dict(_need_dict(row, f"themes[{index}]"))
        ref = str(row.pop("ref", ""))
        merged_into = row.pop("merged_into", None)
        theme = Theme(workshop_id=wid, **_row(Theme, row, f"themes[{index}]"))
        session.add(theme)
        session.flush()
        theme_id[ref] = theme.id
        if merged_into is not None:
            merged.append((theme, str(merged_into)))
    for theme, target in merged:  # after all themes exist: a theme may merge into a later one
        theme.merged_into = theme_id.get(target)

    def back(kind: str, target) -> str | None:
        if kind == "theme":
            found = theme_id.get(str(target))
            return str(found) if found is not None else None
        return target

    for index, row in enumerate(data["notes"]):
        row = dict(_need_dict(row, f"notes[{index}]"))
        row["participant_id"] = person.get(row.get("participant_id")) if row.get("participant_id") else None
        row["theme_id"] = theme_id.get(str(row["theme_id"])) if row.get("theme_id") is not None else None
        session.add(Note(workshop_id=wid, **_row(Note, row, f"notes[{index}]")))
    session.flush()
    for index, row in enumerate(data["votes"]):
        row = dict(_need_dict(row, f"votes[{index}]"))
        row["participant_id"] = person.get(row.get("participant_id"))
        if row["participant_id"] is None:
            raise ImportRefused(f"The export is damaged: votes[{index}] names a person who is not in it.")
        row["target_id"] = back(row.get("target_kind", ""), row.get("target_id"))
        if row["target_id"] is None:
            raise ImportRefused(f"The export is damaged: votes[{index}] points at a theme that is not in it.")
        session.add(Vote(workshop_id=wid, **_row(Vote, row, f"votes[{index}]")))
    for index, row in enumerate(data["actions"]):
        row = dict(_need_dict(row, f"actions[{index}]"))
        row["proposed_by"] = person.get(row.get("proposed_by")) if row.get("proposed_by") else None
        links = row.get("linked") if isinstance(row.get("linked"), list) else []
        row["linked"] = json.dumps(_map_links(json.dumps(links), back))
        session.add(Action(workshop_id=wid, **_row(Action, row, f"actions[{index}]")))
    responses = data.get("responses", [])  # not in exports made before issue 14
    if not isinstance(responses, list):
        raise ImportRefused("The export is damaged: 'responses' has the wrong shape.")
    for index, row in enumerate(responses):
        session.add(Response(workshop_id=wid, **_row(Response, row, f"responses[{index}]")))
    workshop.spotlight = _map_spotlight(spotlight, back)
    session.flush()
    return workshop


def _need_dict(row, where: str) -> dict:
    if not isinstance(row, dict):
        raise ImportRefused(f"The export is damaged: {where} is not an object.")
    return row


def _row(model, row: dict, where: str) -> dict:
    """Keyword arguments for `model` from an exported object, checked against its columns."""
    row = _need_dict(row, where)
    columns = {c.key: c for c in _columns(model)}
    unknown = set(row) - set(columns) - ({"participant_id", "theme_id"} if model is Note else set())
    if unknown:
        raise ImportRefused(
            f"The export has a field this facilitator does not know ({where}.{sorted(unknown)[0]}); "
            "it was probably made by a newer version."
        )
    out = {}
    for key, value in row.items():
        column = columns.get(key)
        if column is not None and isinstance(column.type, DateTime) and isinstance(value, str):
            try:
                value = datetime.fromisoformat(value)
            except ValueError:
                raise ImportRefused(f"The export is damaged: {where}.{key} is not a date and time.") from None
        out[key] = value
    return out


def _unused_code(session: Session) -> str:
    while True:
        code = new_join_code()
        if session.scalar(select(Workshop.id).where(Workshop.code == code)) is None:
            return code
