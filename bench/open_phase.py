"""Open a workshop's What? phase, as the facilitator would from the console.

Run in its own process against the server's data folder *before* the server starts
(the benchmark's only shortcut past the console's sign-in):

    python -m bench.open_phase CODE [--notes N]

With --notes, also posts N notes from one participant (the abusive-neighbour scenario's
workshop A "with a few hundred notes"), through the service as a phone's posts would go.
"""

import argparse
import uuid

from facilitator import create_app


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.open_phase")
    parser.add_argument("code")
    parser.add_argument("--phase", default="what")
    parser.add_argument("--notes", type=int, default=0)
    args = parser.parse_args(argv)
    app = create_app({"async_mode": "threading"})
    service = app.extensions["facilitation"]
    service.set_open_phases(args.code, [args.phase])
    if args.notes:
        answer = service.join(args.code, since=0)
        participant = answer["participant"]["id"]
        for n in range(args.notes):
            service.post_note(
                args.code, participant, note_id=str(uuid.uuid4()), phase=args.phase,
                text=f"Seed note {n}: waiting lists for the community clinic are longer every month",
            )
    app.extensions["db"].dispose()


if __name__ == "__main__":
    main()
