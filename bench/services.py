"""A private Redis and PostgreSQL for the multi-process figure, in temporary folders.

The same way tests/scaleout starts them (Debian's redis-server and postgresql packages,
installed by `make system-deps`); each fresh server start gets a new empty database.
Listening on 127.0.0.1 only; stopped when the bench ends.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

from bench.servers import free_port, wait_for_port

REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"
PG_BINS = sorted(glob.glob("/usr/lib/postgresql/*/bin"))


def missing() -> str | None:
    """Why the services cannot be started here, or None."""
    if not os.path.exists(REDIS) or not PG_BINS or not (Path(PG_BINS[-1]) / "initdb").exists():
        return "redis-server or PostgreSQL's initdb is missing (`make system-deps` as root installs them)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no `postgres` user to run PostgreSQL as"
    return None


@contextmanager
def redis_and_postgres():
    """Yields a function returning fresh settings: {"MESSAGE_QUEUE": ..., "DATABASE_URL": <a new database>}."""
    pg_bin = Path(PG_BINS[-1])
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    home = Path(tempfile.mkdtemp(prefix="facilitator-bench-pg-"))
    if prefix:
        shutil.chown(home, "postgres")
    data, pg_port, redis_port = home / "data", free_port(), free_port()
    run = lambda *args: subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=120)  # noqa: E731
    redis = subprocess.Popen(
        [REDIS, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    started_pg = False
    try:
        wait_for_port(redis_port, redis)
        run(str(pg_bin / "initdb"), "-D", str(data), "-A", "trust", "-U", "facilitator", "--no-sync", "-E", "UTF8")
        run(
            str(pg_bin / "pg_ctl"), "-D", str(data), "-l", str(home / "log"), "-w", "-t", "60", "start",
            "-o", f"-F -p {pg_port} -h 127.0.0.1 -k {home} -c max_connections=200",
        )
        started_pg = True
        counter = itertools.count(1)

        def fresh() -> dict:
            name = f"bench{next(counter)}"
            run(str(pg_bin / "createdb"), "-h", "127.0.0.1", "-p", str(pg_port), "-U", "facilitator", name)
            return {
                "DATABASE_URL": f"postgresql+psycopg://facilitator@127.0.0.1:{pg_port}/{name}",
                "MESSAGE_QUEUE": f"redis://127.0.0.1:{redis_port}/0",
            }

        yield fresh
    finally:
        if started_pg:
            subprocess.run([*prefix, str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        redis.terminate()
        redis.wait(timeout=10)
        shutil.rmtree(home, ignore_errors=True)
