"""facilitator: live What? / So what? / Now what? boards for Adaptive Action workshops.

The package imports nothing heavy at import time, on purpose: the server's entry point
(`facilitator.serve`) must monkey-patch with eventlet or gevent before Flask, SQLAlchemy
or threading-based code is imported, and patching inside pytest hangs the run at exit.
"""


def create_app(config=None):
    """Build the Flask app (see `facilitator.app.build_app`); `config` overrides settings."""
    from facilitator.app import build_app

    return build_app(config)
