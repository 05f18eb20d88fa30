"""What a person sees when the server cannot start, or starts with a broken template:
one or two lines, exit code 1 (2 for a mistyped command), never a traceback."""

from __future__ import annotations

import socket
import subprocess
import urllib.request

import pytest

from tests.install.conftest import CHECKOUT, FACILITATOR, free_port, run_cli, wait_until_serving

BROKEN_TEMPLATE = '''key = "our-review"
name = "Our review"
[[phases]]
key = "what"
title = "What?"
prompt = "What happened?"
minutes = "ten"
'''


def assert_one_clear_problem(done: subprocess.CompletedProcess, *words: str, code: int = 1) -> None:
    assert done.returncode == code, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr + done.stdout
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert 1 <= len(lines) <= 3, done.stderr  # argparse adds its usage line
    for word in words:
        assert word in done.stderr, (word, done.stderr)
    assert "facilitator is running" not in done.stdout, "the banner comes only after the port is bound"


def test_a_port_held_by_another_program_is_named_with_a_free_one_to_use(user_env):
    with socket.socket() as other:
        # The other program even allows port sharing: facilitator still refuses to share.
        other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        done = run_cli("run", "--host", "127.0.0.1", "--port", str(port), env=user_env)
    assert_one_clear_problem(done, f"Port {port} is already in use", "--port")


def test_a_second_server_on_the_same_port_refuses_to_start(user_env, tmp_path):
    port = free_port()
    first = subprocess.Popen([FACILITATOR, "run", "--host", "127.0.0.1", "--port", str(port)], env=user_env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_serving(f"http://127.0.0.1:{port}/", first)
        second = run_cli("run", "--host", "127.0.0.1", "--port", str(port), env=user_env)
        assert_one_clear_problem(second, f"Port {port} is already in use")
        assert first.poll() is None
    finally:
        first.terminate()
        first.wait(timeout=30)


def test_a_host_that_is_not_this_computer(user_env):
    done = run_cli("run", "--host", "no-such-host.invalid", "--port", str(free_port()), env=user_env)
    assert_one_clear_problem(done, "--host no-such-host.invalid", "0.0.0.0", "127.0.0.1")


def test_an_address_of_another_computer(user_env):
    done = run_cli("run", "--host", "192.0.2.1", "--port", str(free_port()), env=user_env)
    assert_one_clear_problem(done, "192.0.2.1", "not an address of this computer")


@pytest.mark.parametrize("port", ["99999", "0", "web"])
def test_a_port_that_is_not_a_port(user_env, port):
    done = run_cli("run", "--port", port, env=user_env)
    assert_one_clear_problem(done, f"'{port}' is not a port", "1 to 65535", code=2)


@pytest.mark.parametrize(
    "variable, value, words",
    [
        ("FACILITATOR_RETENTION_DAYS", "abc", "whole number of days"),
        ("FACILITATOR_LOG_LEVEL", "loud", "debug, info, warning, error"),
        ("FACILITATOR_ASYNC", "asyncio", "eventlet, gevent"),
        ("FACILITATOR_STOP_SECONDS", "soon", "number of seconds"),
        ("PUBLIC_URL", "192.168.1.23:5050", "http://"),
    ],
)
def test_a_setting_that_cannot_be_used_is_named_with_what_it_takes(user_env, variable, value, words):
    done = run_cli("run", "--host", "127.0.0.1", "--port", str(free_port()), env={**user_env, variable: value})
    assert_one_clear_problem(done, f"{variable}={value}", words)


def test_the_cli_names_a_bad_setting_too(user_env):
    done = run_cli("new", "A workshop", env={**user_env, "FACILITATOR_RETENTION_DAYS": "abc"})
    assert_one_clear_problem(done, "FACILITATOR_RETENTION_DAYS=abc")


def test_an_unreachable_database_is_one_line_with_the_password_hidden(user_env):
    url = f"postgresql+psycopg://facilitator:s3cret@127.0.0.1:{free_port()}/facilitator"
    for args in (["run", "--host", "127.0.0.1", "--port", str(free_port())], ["new", "A workshop"]):
        done = run_cli(*args, env={**user_env, "DATABASE_URL": url})
        assert_one_clear_problem(done, "Could not reach the database", "127.0.0.1", "DATABASE_URL")
        assert "s3cret" not in done.stderr


def test_a_database_url_that_is_not_one(user_env):
    done = run_cli("new", "A workshop", env={**user_env, "DATABASE_URL": "not a url"})
    assert_one_clear_problem(done, "DATABASE_URL=")


def test_a_broken_template_is_skipped_by_the_server_and_reported_by_the_templates_command(user_env, tmp_path):
    own = tmp_path / "our-templates"
    own.mkdir()
    (own / "our-review.toml").write_text(BROKEN_TEMPLATE)
    env = {**user_env, "FACILITATOR_TEMPLATES_DIR": str(own)}

    listing = run_cli("templates", env=env)
    assert listing.returncode == 1
    assert "our-review.toml" in listing.stderr and "phases[0].minutes" in listing.stderr
    assert "adaptive-action" in listing.stdout  # the others are still listed

    port = free_port()
    log = tmp_path / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen([FACILITATOR, "run", "--host", "127.0.0.1", "--port", str(port)], env=env,
                                  stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_serving(f"http://127.0.0.1:{port}/", server)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/join", timeout=10) as page:
            assert page.status == 200
        created = run_cli("new", "Still works", "--template", "adaptive-action", env=env)
        assert created.returncode == 0, created.stderr
    finally:
        server.terminate()
        server.wait(timeout=30)
    text = log.read_text()
    assert "WARNING" in text and "Skipped a broken session template" in text and "our-review.toml" in text
    assert "Traceback" not in text


def test_an_organisations_own_template_is_offered_beside_the_built_in_ones(user_env, tmp_path):
    own = tmp_path / "our-templates"
    own.mkdir()
    built_in = (CHECKOUT / "session_templates" / "adaptive-action.toml").read_text(encoding="utf-8")
    (own / "our-review.toml").write_text(built_in.replace('key = "adaptive-action"', 'key = "our-review"', 1), encoding="utf-8")
    env = {**user_env, "FACILITATOR_TEMPLATES_DIR": str(own)}
    listing = run_cli("templates", env=env)
    assert listing.returncode == 0, listing.stderr
    assert "our-review" in listing.stdout and "adaptive-action" in listing.stdout
    assert run_cli("new", "Ours", "--template", "our-review", env=env).returncode == 0
    missing = run_cli("templates", env={**user_env, "FACILITATOR_TEMPLATES_DIR": str(tmp_path / "nowhere")})
    assert_one_clear_problem(missing, "FACILITATOR_TEMPLATES_DIR=")
