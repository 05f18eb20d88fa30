"""The toolkit's domain without Flask: themes and undo, dot budgets, actions, lifecycle,
cycles and retention."""

import uuid
from datetime import datetime, timedelta, timezone

import pytest

from facilitator.store.models import Note, Participant, Vote, Workshop
from facilitator.workshops import actions, cycles, details, lifecycle, notes, phases, themes, votes
from facilitator.workshops.errors import (
    InvalidInput,
    NoDotsLeft,
    NoteHidden,
    NothingToUndo,
    ThemeNotFound,
    VotingClosed,
    WorkshopClosed,
    WorkshopNotStarted,
)
from facilitator.workshops.serialize import note_for_public


def post(db, code, text, participant_id=None, phase="what"):
    with db.session() as s:
        w = details.find_workshop(s, code)
        p = s.get(Participant, participant_id) if participant_id else None
        return notes.post_note(s, w, note_id=str(uuid.uuid4()), phase=phase, text=text, participant=p)[0].id


def person(db, code, template):
    with db.session() as s:
        return notes.join(s, details.find_workshop(s, code), template)[0].id


def test_a_new_workshop_is_a_draft_until_a_phase_opens(db, template):
    with db.session() as s:
        w = details.create_workshop(s, template, title="Later")
        assert w.status == "draft" and not w.shows_groups  # anonymous by default
        with pytest.raises(WorkshopNotStarted):
            lifecycle.require_live(w)
        phases.set_open_phases(s, w, ["what"])
        assert w.status == "live"


def test_every_theme_step_bumps_the_change_number_and_undo_walks_back(db, code):
    a, b = post(db, code, "one"), post(db, code, "two")
    with db.session() as s:
        w = details.find_workshop(s, code)
        seq = w.seq
        made = themes.create_theme(s, w, "what", "  Language   help ", [a, b])
        theme = made.themes[0]
        assert theme.name == "Language help" and [n.theme_id for n in made.notes] == [theme.id] * 2
        assert w.seq == seq + 3  # the theme and two notes, each its own change
        themes.rename_theme(s, w, theme.id, "Interpreting")
        themes.assign_notes(s, w, [a], None)
    with db.session() as s:
        w = details.find_workshop(s, code)
        themes.undo(s, w)  # the assign
        assert s.get(Note, (w.id, a)).theme_id == theme.id
        themes.undo(s, w)  # the rename
        assert themes.find_theme(s, w, theme.id).name == "Language help"
        themes.undo(s, w)  # the create: the notes go back to no theme
        assert s.get(Note, (w.id, a)).theme_id is None
        with pytest.raises(ThemeNotFound):
            themes.find_theme(s, w, theme.id)
        with pytest.raises(NothingToUndo):
            themes.undo(s, w)


def test_a_failed_theme_step_leaves_nothing_half_done(db, code):
    a, hidden = post(db, code, "one"), post(db, code, "secret")
    with db.session() as s:
        w = details.find_workshop(s, code)
        notes.set_hidden(s, w, hidden, True)
    with pytest.raises(NoteHidden), db.session() as s:
        themes.create_theme(s, details.find_workshop(s, code), "what", "Mixed", [a, hidden])
    with db.reading() as s:
        w = details.find_workshop(s, code)
        assert themes.themes_since(s, w) == [] and s.get(Note, (w.id, a)).theme_id is None


def test_the_budget_counts_only_dots_on_what_is_still_on_the_board(db, code, template):
    a, b = post(db, code, "one"), post(db, code, "two")
    pid = person(db, code, template)
    with db.session() as s:
        w = details.find_workshop(s, code)
        votes.open_voting(s, w, "what", 2)
        p = s.get(Participant, pid)
        votes.place_dot(s, w, p, "note", a)
        votes.place_dot(s, w, p, "note", b)
        with pytest.raises(NoDotsLeft) as caught:
            votes.place_dot(s, w, p, "note", a)
        assert caught.value.message == "You have used all 2 of your dots — take one back to vote again."
        notes.set_hidden(s, w, b, True)  # the dot on a hidden note comes back
        votes.place_dot(s, w, p, "note", a)
        assert votes.dots_of(s, w, p) == {f"note:{a}": 2}
        assert votes.tallies(s, w) == {f"note:{a}": 2}


def test_one_dot_message_reads_naturally(db, code, template):
    a = post(db, code, "one")
    pid = person(db, code, template)
    with db.session() as s:
        w = details.find_workshop(s, code)
        votes.open_voting(s, w, "what", 1)
        votes.place_dot(s, w, s.get(Participant, pid), "note", a)
        with pytest.raises(NoDotsLeft) as caught:
            votes.place_dot(s, w, s.get(Participant, pid), "note", a)
        assert "your only dot" in caught.value.message


def test_voting_needs_an_open_vote_in_the_notes_phase(db, code, template):
    a = post(db, code, "one")
    pid = person(db, code, template)
    with db.session() as s:
        w = details.find_workshop(s, code)
        with pytest.raises(VotingClosed):
            votes.place_dot(s, w, s.get(Participant, pid), "note", a)
        votes.open_voting(s, w, "so-what")
        with pytest.raises(VotingClosed):
            votes.place_dot(s, w, s.get(Participant, pid), "note", a)
        assert s.query(Vote).count() == 0


def test_the_framework_and_dots_come_from_the_validated_template(templates):
    five_as = templates["five-as-access"]
    view = actions.framework_view(five_as)
    assert view["name"] == five_as.framework.name
    assert [t["key"] for t in view["tags"]] == [t.key for t in five_as.framework.tags]
    assert actions.framework_view(templates["adaptive-action"]) == {"name": "", "tags": []}
    assert actions.framework_view(None) == {"name": "", "tags": []}
    assert templates["adaptive-action"].dots_per_person == 3


def test_closing_stops_everything_at_once_and_reopening_restores_posting(db, code):
    with db.session() as s:
        w = details.find_workshop(s, code)
        votes.open_voting(s, w, "what")
        phases.start_timer(s, w)
        lifecycle.set_status(s, w, "closed")
        assert not any(p.is_open for p in w.phases) and w.voting_phase is None and w.timer_started_at is None
    with pytest.raises(WorkshopClosed), db.session() as s:
        notes.post_note(s, details.find_workshop(s, code), note_id=str(uuid.uuid4()), phase="what", text="late")
    with db.session() as s:
        w = details.find_workshop(s, code)
        lifecycle.set_status(s, w, "live")
        phases.set_open_phases(s, w, ["what"])
    post(db, code, "back again")


def test_nicknames_and_groups_stay_off_the_public_view_unless_allowed(db, code, template):
    with db.session() as s:
        w = details.find_workshop(s, code)
        p, _ = notes.join(s, w, template, nickname="Amina", group="lived-experience")
        note, _ = notes.post_note(s, w, note_id=str(uuid.uuid4()), phase="what", text="hi", participant=p)
        assert {"nickname", "group"}.isdisjoint(note_for_public(note, w))
        w.show_nicknames, w.lanyards_off = True, False
        # Issue 12: turning them on later applies only to notes posted since.
        assert {"nickname", "group"}.isdisjoint(note_for_public(note, w))
        later, _ = notes.post_note(s, w, note_id=str(uuid.uuid4()), phase="what", text="hello", participant=p)
        assert note_for_public(later, w)["nickname"] == "Amina" and note_for_public(later, w)["group"] == "lived-experience"
        w.premoderation = True
        waiting, _ = notes.post_note(s, w, note_id=str(uuid.uuid4()), phase="what", text="check me", participant=p)
        assert note_for_public(waiting, w) == {"id": waiting.id, "phase": "what", "hidden": True, "pending": True, "seq": waiting.seq}


def test_the_next_cycle_starts_with_review_cards_and_the_old_one_keeps_its_actions(db, code, template):
    with db.session() as s:
        w = details.find_workshop(s, code)
        actions.save(s, w, template, None, {"text": "Book interpreters", "owner": "Practice manager", "due": "2026-09-30"})
        actions.save(s, w, template, None, {"text": "Dropped idea", "status": "dropped"})
        lifecycle.set_status(s, w, "closed")
    with db.session() as s:
        previous = details.find_workshop(s, code)
        following = cycles.start_next_cycle(s, previous, template)
        new_code = following.code
        assert following.title == "Access to GPs — cycle 2" and following.previous_workshop_id == previous.id
        with pytest.raises(InvalidInput):
            cycles.start_next_cycle(s, previous, template)
    with db.reading() as s:
        previous = details.find_workshop(s, code)
        following = details.find_workshop(s, new_code)
        assert [a.text for a in actions.all_actions(s, previous)] == ["Book interpreters", "Dropped idea"]
        cards = notes.notes_since(s, following)
        assert len(cards) == 1 and cards[0].phase_key == "what" and cards[0].review_of.startswith(code)
        assert cards[0].text.startswith("Book interpreters\nOwner: Practice manager\nBy: 2026-09-30")
        assert [c.code for c in cycles.chain(s, following)] == [code, new_code]
        assert [c.code for c in cycles.chain(s, previous)] == [code, new_code]


def test_deleting_removes_everything_and_unlinks_the_next_cycle(db, code, template):
    a = post(db, code, "one")
    pid = person(db, code, template)
    with db.session() as s:
        w = details.find_workshop(s, code)
        themes.create_theme(s, w, "what", "T", [a])
        votes.open_voting(s, w, "what")
        votes.place_dot(s, w, s.get(Participant, pid), "note", a)
        actions.save(s, w, template, None, {"text": "Act"})
        following = cycles.start_next_cycle(s, w, template)
        new_code = following.code
    with db.session() as s:
        lifecycle.delete_workshop(s, details.find_workshop(s, code))
    with db.reading() as s:
        for model in (Note, Participant, Vote):
            assert s.query(model).filter(model.workshop_id != details.find_workshop(s, new_code).id).count() == 0
        assert details.find_workshop(s, new_code).previous_workshop_id is None


def test_retention_picks_old_workshops_but_never_a_live_one(db, code, template):
    with db.session() as s:
        old_live = details.find_workshop(s, code)
        old_live.created_at = datetime.now(timezone.utc) - timedelta(days=40)
        old_closed = details.create_workshop(s, template, title="Old and closed")
        old_closed.status = "closed"
        old_closed.created_at = datetime.now(timezone.utc) - timedelta(days=40)
        details.create_workshop(s, template, title="Recent")
    with db.reading() as s:
        assert [w.title for w in lifecycle.expired_workshops(s, 30)] == ["Old and closed"]
        with pytest.raises(InvalidInput):
            lifecycle.expired_workshops(s, 0)


def test_search_finds_by_title_venue_or_code(db, code, template):
    with db.session() as s:
        details.create_workshop(s, template, title="Belonging", venue="Plymouth Guildhall")
    with db.reading() as s:
        assert [w.title for w in lifecycle.search_workshops(s, "plymouth")] == ["Belonging"]
        assert [w.code for w in lifecycle.search_workshops(s, code.lower())] == [code]
        assert {w.title for w in lifecycle.search_workshops(s, "", "draft")} == {"Belonging"}


def test_duplicate_copies_settings_not_notes(db, code, template):
    post(db, code, "one")
    with db.session() as s:
        w = details.find_workshop(s, code)
        lifecycle.set_options(s, w, {"premoderation": True, "show_nicknames": True})
        copy = lifecycle.duplicate_workshop(s, w, template)
        assert copy.title == "Access to GPs (copy)" and copy.premoderation and copy.show_nicknames
        assert copy.status == "draft" and notes.notes_since(s, copy) == []
        assert isinstance(copy, Workshop)


def test_the_public_never_sees_a_proposal_or_a_deleted_theme(db, code, template):
    from facilitator.workshops.serialize import action_for_public, theme_view

    with db.session() as s:
        w = details.find_workshop(s, code)
        phases.set_open_phases(s, w, ["now-what"])
        p, _ = notes.join(s, w, template)
        proposal, _ = actions.propose(s, w, p, action_id=str(uuid.uuid4()), text="My private idea")
        assert action_for_public(proposal) == {"id": proposal.id, "removed": True, "seq": proposal.seq}
        theme = themes.create_theme(s, w, "what", "Secret name").themes[0]
        themes.delete_theme(s, w, theme.id)
        assert "name" not in theme_view(theme) and theme_view(theme)["deleted"]
        actions.save(s, w, template, proposal.id, {"status": "confirmed"})
        assert action_for_public(proposal)["text"] == "My private idea"
