"""A phone joins (alone or in a reconnect storm's batch), and any client catches up on what it
missed."""

from __future__ import annotations

from sqlalchemy import inspect as sa_inspect

from facilitator.live.snapshots import PUBLIC
from facilitator.usecases.unit_of_work import UnitOfWork, dots_answer
from facilitator.workshops import cycles, details, notes, presence, themes
from facilitator.workshops.changes import Changes
from facilitator.workshops.errors import WorkshopError
from facilitator.workshops.people import People, named_by
from facilitator.workshops.serialize import action_for_facilitator, note_for_author, workshop_state


class JoiningCases(UnitOfWork):
    """This module's use cases, as methods of the one `Facilitation` (usecases/__init__.py)."""

    def join(
        self, code: str, *, participant_id=None, nickname="", group="", table="", language="", since: int = 0,
        seat_id=None, admit_new=None,
    ) -> dict:
        """A phone joins or comes back; returns its participant, the state, its own notes,
        actions and dots. With lanyards off the phone is not told its group back.
        A new person, or one who switched language, changes the presence counts."""
        request = dict(
            participant_id=participant_id, nickname=nickname, group=group, table=table, language=language,
            since=since, seat_id=seat_id, admit_new=admit_new,
        )
        (outcome,) = self.join_many(code, [request])
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def join_many(self, code: str, requests: list[dict]) -> list:
        """Several phones joining workshop `code` at once (the keyword arguments of `join`
        each), saved in one transaction with one commit and one presence update: in a
        reconnect storm the commit, not the join, was most of the cost (issue 16).

        Returns, in order, each join's answer or the WorkshopError that refused it. One
        refusal must not cost the others their join, so when any is refused the whole
        transaction is rolled back and each is tried again on its own."""

        def unit(session):
            workshop = details.find_workshop(session, code)
            template = self.template(workshop.template_key)
            people = People(session, named_by(requests))  # one query for everyone the batch names
            outcomes = [self._joining(session, workshop, template, people=people, **request) for request in requests]
            presence = any(changes.presence for changes, _ in outcomes)
            return workshop, Changes(presence=presence), [answer for _, answer in outcomes]

        try:
            return self._write(unit)
        except WorkshopError as refusal:
            if len(requests) == 1:
                return [refusal]
        outcomes = []
        for request in requests:
            try:
                outcomes.append(self._change(code, lambda s, w, request=request: self._joining(
                    s, w, self.template(w.template_key), **request)))
            except WorkshopError as refusal:
                outcomes.append(refusal)
        return outcomes

    def _joining(
        self, session, workshop, template, *, participant_id=None, nickname="", group="", table="", language="",
        since: int = 0, seat_id=None, admit_new=None, people=None,
    ) -> tuple[Changes, dict]:
        """One phone's join inside a transaction: (what changed, its answer). `people`: the
        batch's (see workshops/people.py); made for this join alone when not given."""
        if people is None:
            people = People(session, (participant_id, seat_id))
        participant, is_new = notes.join(
            session, workshop, template, participant_id=participant_id, nickname=nickname, group=group, table=table,
            language=language, seat_id=seat_id, admit_new=admit_new, people=people,
        )
        switched = sa_inspect(participant).attrs.language.history.has_changes()
        answer = {
            "participant": {
                "id": participant.id,
                "nickname": participant.nickname,
                # Issue 12: with lanyards off the phone is not told its group back.
                "group": "" if workshop.lanyards_off else participant.group_key,
                "table": participant.table_label,
                "language": participant.language,
            },
            # Someone new has written nothing yet: two queries fewer for most joins (issue 16).
            "own_notes": [] if is_new else [note_for_author(n) for n in people.own_notes(workshop, participant)],
            "own_actions": [] if is_new else [action_for_facilitator(a) for a in people.own_actions(workshop, participant)],
            "groups": [{"key": g.key, "label": g.label} for g in template.groups],
            **self._snapshot(session, workshop, PUBLIC, since, participant=None if is_new else participant),
        }
        if is_new:
            answer["my_dots"] = {"mine": {}, "left": workshop.dots_per_person if workshop.voting_phase else 0}
        return Changes(presence=is_new or switched), answer

    def sync(self, code: str, audience: str, since: int = 0, participant_id: str | None = None) -> dict:
        """What a client missed since change `since`: the state and the rows changed.

        A phone (`participant_id`) also gets its own dots back.
        """
        with self.db.reading() as session:
            workshop = details.find_workshop(session, code)
            participant = None
            if participant_id:
                participant = notes.find_participant(session, workshop, participant_id)
            return self._snapshot(session, workshop, audience, since, participant=participant)

    def _snapshot(self, session, workshop, audience: str, since, participant=None) -> dict:
        """State, then every note, theme and action changed after `since`, and the votes.

        A fresh client (since 0) gets no tombstones from the public view: nothing to remove.
        """
        if not isinstance(since, int) or isinstance(since, bool) or since < 0:
            since = 0
        reset = since > workshop.seq  # the client knows a later history: the database was replaced
        if reset:
            since = 0
        public = audience == PUBLIC
        rows = self.snapshots.rows(session, workshop, audience, since)
        workshop.phases
        snapshot = {
            "workshop": workshop_state(workshop),
            "themes": rows["themes"],
            "notes": rows["notes"],
            "actions": rows["actions"],
            "votes": rows["votes"],
            "joined": presence.count_participants(session, workshop),
            "seq": rows["upto"],
            "since": since,
            "reset": reset or since == 0,
            "more": rows["more"],  # a page of a long catch-up: ask again from `seq`
        }
        if participant is not None:
            snapshot["my_dots"] = dots_answer(session, workshop, participant)
        if not public:
            snapshot["can_undo"] = themes.can_undo(session, workshop)
            snapshot["languages"] = presence.count_languages(session, workshop)
            snapshot["framework"] = self.framework(workshop.template_key)
            snapshot["cycles"] = [
                {"code": w.code, "title": w.title, "date": w.date, "status": w.status, "current": w.id == workshop.id}
                for w in cycles.chain(session, workshop)
            ]
        return snapshot
