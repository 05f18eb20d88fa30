"""Actions (Now what?): a phone proposes one; the facilitator creates, edits, confirms or drops
one."""

from __future__ import annotations

from facilitator.usecases.unit_of_work import UnitOfWork
from facilitator.workshops import actions, notes
from facilitator.workshops.changes import Changes
from facilitator.workshops.serialize import action_for_facilitator


class ActionCases(UnitOfWork):
    """This module's use cases, as methods of the one `Facilitation` (usecases/__init__.py)."""

    def propose_action(self, code: str, participant_id: str, *, action_id, text, owner="", due="") -> dict:
        """A participant proposes an action; a retry of the same id returns the stored one."""

        def change(session, workshop):
            participant = notes.find_participant(session, workshop, participant_id)
            action, is_new = actions.propose(
                session, workshop, participant, action_id=action_id, text=text, owner=owner, due=due
            )
            return Changes(actions=[action] if is_new else []), {
                "action": action_for_facilitator(action),
                "duplicate": not is_new,
            }

        return self._change(code, change)

    def save_action(self, code: str, action_id, fields: dict) -> dict:
        """The facilitator creates, edits, confirms or drops an action."""

        def change(session, workshop):
            action = actions.save(session, workshop, self.templates.get(workshop.template_key), action_id, fields)
            return Changes(actions=[action]), {"action": action_for_facilitator(action)}

        return self._change(code, change)
