"""The application's use cases, shared by socket handlers, HTTP views and the CLI.

`Facilitation` is every use case of every role as one object (`app.extensions["facilitation"]`):
each module here holds one area's use cases as a mixin, and all of them share the one
unit of work (unit_of_work.py): one transaction, the domain, the answer, the commit, and
only then the one broadcast. No view or handler writes or broadcasts around it.

Authorisation is the caller's (it depends on who is asking, over HTTP or a socket);
everything else — validation, storage, broadcast — is here.

Where each use case lives:
  workshops.py     create_workshop, get_workshop, list_workshops, update_details, update_cover,
                   update_findings, set_status, set_options, framework, search_workshops,
                   duplicate_workshop, next_cycle, chain, contents, delete_workshop, purge,
                   replace_link
  running.py       set_open_phases, start_timer, pause_timer, reset_timer, set_board_view, set_spotlight
  joining.py       join, join_many, sync
  notes.py         post_note, scribe_note, set_note_hidden, highlight_note, approve_note, redact_note
  themes.py        create_theme, rename_theme, assign_notes, merge_themes, delete_theme, undo_theme_step
  voting.py        open_voting, close_voting, reveal_votes, reset_votes, place_dot, take_back_dot,
                   discard_arrival_dots, keep_arrivals, my_dots
  actions.py       propose_action, save_action
  translations.py  translate_note, translate_wording, wording_entries, release_for_translation,
                   make_interpreter_link, revoke_interpreter_link
  responses.py     make_response_link, revoke_response_link, lock_responses, record_response,
                   responses, impact_log, answer_counts
  passcode.py      has_passcode, choose_passcode, set_passcode, check_passcode
  unit_of_work.py  template, the one write path (_change, _write), the answers built inside it
"""

from __future__ import annotations

from facilitator.usecases.actions import ActionCases
from facilitator.usecases.joining import JoiningCases
from facilitator.usecases.notes import NoteCases
from facilitator.usecases.passcode import PasscodeCases
from facilitator.usecases.responses import ResponseCases
from facilitator.usecases.running import RunningCases
from facilitator.usecases.themes import ThemeCases
from facilitator.usecases.translations import TranslationCases
from facilitator.usecases.voting import VotingCases
from facilitator.usecases.workshops import WorkshopCases


class Facilitation(
    WorkshopCases, RunningCases, JoiningCases, NoteCases, ThemeCases, VotingCases, ActionCases,
    TranslationCases, ResponseCases, PasscodeCases,
):
    """Every use case, over one database, one set of templates and one broadcaster
    (the fields of unit_of_work.UnitOfWork)."""


__all__ = ["Facilitation"]
