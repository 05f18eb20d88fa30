"""facilitator: live What? / So what? / Now what? boards for Adaptive Action workshops.

The package imports nothing heavy at import time, on purpose: the server's entry point
(`facilitator.serve`) must monkey-patch with eventlet or gevent before Flask, SQLAlchemy
or threading-based code is imported, and patching inside pytest hangs the run at exit.
"""


def create_app(config=None):
    """The app, ready to serve: built (`facilitator.app.build_app`, which only wires), then
    its database migrated and the retention period applied (`facilitator.app.prepare`).
    What the server (serve.py) and every CLI command start with; `config` overrides settings."""
    from facilitator.app import build_app, prepare

    return prepare(build_app(config))
