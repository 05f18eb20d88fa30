"""Open a workshop's What? phase, as the facilitator would from the console.

Run in its own process against the server's data folder *before* the server starts
(the benchmark's only shortcut past the console's sign-in): `python -m bench.open_phase CODE`.
"""

import sys

from facilitator import create_app


def main(code: str, phase: str = "what") -> None:
    app = create_app({"async_mode": "threading"})
    app.extensions["facilitation"].set_open_phases(code, [phase])
    app.extensions["db"].dispose()


if __name__ == "__main__":
    main(*sys.argv[1:])
