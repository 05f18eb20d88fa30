"""Card kinds: what each kind of card is, written once, and the report reading it."""

import uuid

from facilitator.reports.context import build_context
from facilitator.workshops import actions, cycles, details, notes, phases
from facilitator.workshops.cards import CARD_KINDS, counts_as_voice, kind_of


def test_every_kind_says_who_posts_it_and_where_the_report_puts_it():
    for kind in CARD_KINDS.values():
        assert kind.label and kind.css_class and kind.posted_by
        assert kind.report_place in ("phases", "previous-actions")
    assert CARD_KINDS["note"].counts_as_voice and not CARD_KINDS["review"].counts_as_voice


def test_a_carried_forward_action_is_not_counted_as_a_note_in_the_report(db, code, template):
    with db.session() as s:
        previous = details.find_workshop(s, code)
        phases.set_open_phases(s, previous, ["now-what"])
        actions.save(s, previous, template, None, {"text": "Book interpreters a week ahead", "owner": "Practice"})
        following = cycles.start_next_cycle(s, previous, template)
        phases.set_open_phases(s, following, ["what"])
        person, _ = notes.join(s, following, template, group="lived-experience")
        notes.post_note(s, following, note_id=str(uuid.uuid4()), phase="what", text="It worked twice", participant=person)
        [review] = [n for n in notes.notes_since(s, following) if n.kind == "review"]
        assert kind_of(review).key == "review" and not counts_as_voice(review)

        report = build_context(s, following, template)
    what = report.phases[0]
    assert [n.text for n in what.notes] == ["It worked twice"]
    assert sum(report.voice.totals) == 1 and "Not stated" not in report.voice.groups
    assert [a.text for a in report.previous_actions] == ["Book interpreters a week ahead"]
