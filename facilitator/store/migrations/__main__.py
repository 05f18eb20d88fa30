"""Write a new revision from the difference between the models and the migrations.

    python -m facilitator.store.migrations "what changed"
"""

import re
import sys
import tempfile
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from facilitator.store.migrations import HERE, config


def main(message: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{Path(tmp) / 'scratch.sqlite3'}")
        with engine.begin() as connection:
            cfg = config(engine, connection)
            command.upgrade(cfg, "head")
            number = len(list((HERE / "versions").glob("[0-9]*.py"))) + 1
            slug = re.sub(r"[^a-z0-9]+", "_", message.lower()).strip("_")[:40]
            command.revision(cfg, message=message, autogenerate=True, rev_id=f"{number:04d}_{slug}")
        engine.dispose()


if __name__ == "__main__":
    main(" ".join(sys.argv[1:]) or "schema change")
