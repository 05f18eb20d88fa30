"""Issue 21, row 10, without Flask: who arrived together from one network (bursts.py) and
the facilitator's alert about a burst that votes without saying anything (arrivals.py)."""

import uuid

import pytest

from facilitator.store.models import Participant, Vote
from facilitator.web.bursts import ArrivalBursts
from facilitator.workshops import actions, arrivals, details, notes, votes
from facilitator.workshops.errors import DotsDiscarded, InvalidInput


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


# ---- who arrived together -------------------------------------------------------------


def test_newcomers_from_one_address_in_quick_succession_are_one_burst():
    clock = Clock()
    bursts = ArrivalBursts(gap_seconds=5, clock=clock)
    first = bursts.arrival("ABC123", "10.0.0.7")
    seen = {first}
    for _ in range(130):  # a script at the refill rate: one a second for two minutes
        clock.now += 1
        seen.add(bursts.arrival("ABC123", "10.0.0.7"))
    assert seen == {first}


def test_a_pause_longer_than_the_gap_starts_a_new_burst():
    clock = Clock()
    bursts = ArrivalBursts(gap_seconds=5, clock=clock)
    early = bursts.arrival("ABC123", "10.0.0.7")
    clock.now += 5.5  # someone who came in a little late
    late = bursts.arrival("ABC123", "10.0.0.7")
    assert late != early


def test_other_addresses_and_other_workshops_are_other_bursts():
    bursts = ArrivalBursts(clock=Clock())
    here = bursts.arrival("ABC123", "10.0.0.7")
    assert bursts.arrival("ABC123", "10.0.0.8") != here
    assert bursts.arrival("XYZ789", "10.0.0.7") != here
    assert bursts.arrival("ABC123", "10.0.0.7") == here


def test_an_address_is_forgotten_once_its_gap_has_passed():
    clock = Clock()
    bursts = ArrivalBursts(gap_seconds=5, clock=clock)
    for n in range(1000):
        bursts.arrival("ABC123", f"10.0.{n // 250}.{n % 250}")
    assert len(bursts) == 1000
    clock.now += 6
    assert len(bursts) == 0  # nothing of the addresses is kept


# ---- the alert ------------------------------------------------------------------------


def join_burst(db, code, template, how_many, burst="b" * 16):
    with db.session() as s:
        w = details.find_workshop(s, code)
        made = [notes.join(s, w, template, admit_new=lambda: burst)[0] for _ in range(how_many)]
        s.flush()
        return [p.id for p in made]


def a_note(db, code, participant_id=None):
    with db.session() as s:
        w = details.find_workshop(s, code)
        p = s.get(Participant, participant_id) if participant_id else None
        return notes.post_note(s, w, note_id=str(uuid.uuid4()), phase="what", text="The GP never calls back", participant=p)[0].id


def notes_from(db, code, people):
    """One note from each of `people`, posted in one transaction (a room's worth, quickly)."""
    with db.session() as s:
        w = details.find_workshop(s, code)
        for pid in people:
            notes.post_note(s, w, note_id=str(uuid.uuid4()), phase="what", text="The GP never calls back",
                            participant=s.get(Participant, pid))


def vote_all(db, code, people, note_id, dots=3):
    with db.session() as s:
        w = details.find_workshop(s, code)
        if w.voting_phase is None:
            votes.open_voting(s, w, "what", dots)
        for pid in people:
            for _ in range(dots):
                votes.place_dot(s, w, s.get(Participant, pid), "note", note_id)


def alerts(db, code):
    with db.reading() as s:
        return arrivals.suspect_bursts(s, details.find_workshop(s, code))


def test_a_crowd_from_one_network_that_votes_and_says_nothing_raises_an_alert(db, code, template):
    target = a_note(db, code)
    script = join_burst(db, code, template, 30)
    assert alerts(db, code) == []  # joined, no dots yet: nothing to decide
    vote_all(db, code, script, target)
    [alert] = alerts(db, code)
    assert alert["people"] == 30 and alert["silent"] == 30 and alert["dots"] == 90
    assert set(alert) == {"burst", "people", "silent", "dots", "seconds"}  # never who, never where


def test_a_room_that_joined_together_and_spoke_raises_no_alert(db, code, template):
    room = join_burst(db, code, template, 40)
    notes_from(db, code, room[:30])
    vote_all(db, code, room, a_note(db, code, room[0]))
    assert alerts(db, code) == []


def test_a_proposed_action_counts_as_saying_something(db, code, template):
    room = join_burst(db, code, template, 20)
    with db.session() as s:
        w = details.find_workshop(s, code)
        from facilitator.workshops import phases
        phases.set_open_phases(s, w, ["what", "now-what"])
        for pid in room[:6]:
            actions.propose(s, w, s.get(Participant, pid), action_id=str(uuid.uuid4()), text="Book interpreters")
    vote_all(db, code, room, a_note(db, code))
    assert alerts(db, code) == []


def test_a_script_joining_while_the_room_arrives_still_stands_out(db, code, template):
    room = join_burst(db, code, template, 40)
    notes_from(db, code, room)
    script = join_burst(db, code, template, 25)  # the same network, the same moment
    target = a_note(db, code)
    vote_all(db, code, room + script, target)
    [alert] = alerts(db, code)
    assert (alert["people"], alert["silent"], alert["dots"]) == (65, 25, 75)
    with db.session() as s:
        assert arrivals.discard_dots(s, details.find_workshop(s, code), alert["burst"]) == {"people": 25, "dots": 75}
    with db.reading() as s:
        assert votes.tallies(s, details.find_workshop(s, code)) == {f"note:{target}": 120}  # the room's stay


def test_a_big_room_where_a_few_only_voted_raises_no_alert(db, code, template):
    room = join_burst(db, code, template, 150)
    notes_from(db, code, room[:120])  # 30 who do not write, but vote
    vote_all(db, code, room, a_note(db, code))
    assert alerts(db, code) == []


def test_people_who_neither_posted_nor_voted_are_not_discarded(db, code, template):
    target = a_note(db, code)
    crowd = join_burst(db, code, template, 30)
    vote_all(db, code, crowd[:22], target)
    [alert] = alerts(db, code)
    with db.session() as s:
        assert arrivals.discard_dots(s, details.find_workshop(s, code), alert["burst"]) == {"people": 22, "dots": 66}
    with db.session() as s:
        w = details.find_workshop(s, code)
        votes.place_dot(s, w, s.get(Participant, crowd[-1]), "note", target)  # one who arrived, then voted later


def test_fewer_than_twenty_together_is_not_a_crowd(db, code, template):
    small = join_burst(db, code, template, arrivals.MIN_PEOPLE - 1)
    vote_all(db, code, small, a_note(db, code))
    assert alerts(db, code) == []


def test_discarding_takes_the_silent_peoples_dots_and_they_place_no_more(db, code, template):
    target = a_note(db, code)
    crowd = join_burst(db, code, template, 30)
    spoke = crowd[:3]  # three of them posted: their dots stay
    notes_from(db, code, spoke)
    vote_all(db, code, crowd, target)
    [alert] = alerts(db, code)
    assert (alert["people"], alert["silent"], alert["dots"]) == (30, 27, 81)
    with db.session() as s:
        w = details.find_workshop(s, code)
        assert arrivals.discard_dots(s, w, alert["burst"]) == {"people": 27, "dots": 81}
    with db.session() as s:
        w = details.find_workshop(s, code)
        assert votes.tallies(s, w) == {f"note:{target}": 9}
        assert s.query(Vote).filter(Vote.participant_id.in_(spoke)).count() == 9
        with pytest.raises(DotsDiscarded) as refused:
            votes.place_dot(s, w, s.get(Participant, crowd[-1]), "note", target)
        assert "speak to the facilitator" in refused.value.message
    assert alerts(db, code) == []
    with db.session() as s:  # a second click (another co-facilitator) discards nothing more
        assert arrivals.discard_dots(s, details.find_workshop(s, code), alert["burst"]) == {"people": 0, "dots": 0}


def test_keeping_a_burst_forgets_it_and_every_dot_stays(db, code, template):
    target = a_note(db, code)
    crowd = join_burst(db, code, template, 25)
    vote_all(db, code, crowd, target)
    [alert] = alerts(db, code)
    with db.session() as s:
        assert arrivals.keep(s, details.find_workshop(s, code), alert["burst"]) == 25
    assert alerts(db, code) == []
    with db.reading() as s:
        assert votes.tallies(s, details.find_workshop(s, code)) == {f"note:{target}": 75}


def test_a_script_that_goes_on_after_the_alert_raises_a_new_one(db, code, template):
    target = a_note(db, code)
    vote_all(db, code, join_burst(db, code, template, 20), target)
    [alert] = alerts(db, code)
    with db.session() as s:
        arrivals.keep(s, details.find_workshop(s, code), alert["burst"])
    vote_all(db, code, join_burst(db, code, template, 20, burst=alert["burst"]), target)
    [again] = alerts(db, code)
    assert again["people"] == 20  # only the newcomers since the facilitator looked


@pytest.mark.parametrize("burst", [None, "", 7, "x" * 17])
def test_an_alert_must_be_named(db, code, burst):
    with pytest.raises(InvalidInput), db.session() as s:
        arrivals.discard_dots(s, details.find_workshop(s, code), burst)
