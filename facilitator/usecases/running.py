"""Running the room from the console: which phases are open, the timer, what the board shows,
the spotlight."""

from __future__ import annotations

from facilitator.usecases.unit_of_work import UnitOfWork, state_answer, state_changed
from facilitator.workshops import phases, spotlight
from facilitator.workshops.changes import Changes


class RunningCases(UnitOfWork):
    """This module's use cases, as methods of the one `Facilitation` (usecases/__init__.py)."""

    def set_open_phases(self, code: str, keys: list[str]) -> dict:
        """Open exactly these phases; a newly opened one sets the timer to its minutes."""
        return self._change(code, lambda s, w: state_changed(phases.set_open_phases(s, w, keys)))

    def start_timer(self, code: str) -> dict:
        return self._change(code, lambda s, w: state_changed(phases.start_timer(s, w, now=self.clock())))

    def pause_timer(self, code: str) -> dict:
        return self._change(code, lambda s, w: state_changed(phases.pause_timer(s, w, now=self.clock())))

    def reset_timer(self, code: str, seconds=None) -> dict:
        """Stop the timer at `seconds`, or with none at the open phase's minutes."""
        return self._change(code, lambda s, w: state_changed(phases.reset_timer(s, w, seconds)))

    def set_board_view(self, code: str, view) -> dict:
        """The board shows the join view ("join") or decides by itself ("auto")."""
        return self._change(code, lambda s, w: state_changed(phases.set_board_view(s, w, view)))

    def set_spotlight(self, code: str, kind, target_id) -> dict:
        def change(session, workshop):
            before = workshop.seq
            spotlight.set_spotlight(session, workshop, kind, target_id)
            return Changes(workshop=workshop.seq != before), state_answer(workshop)  # clearing an empty spotlight sends nothing

        return self._change(code, change)
