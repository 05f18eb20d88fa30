"""Stopping the server: Ctrl+C or SIGTERM lets a download in progress finish, stops the
PDF workers, and exits 0 with one line; a PDF worker never outlives its parent."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time

import pytest
import requests

from tests.install.conftest import FACILITATOR, alive, child_pids, free_port, run_cli, wait_until_serving


def start_server(env, port, *extra):
    return subprocess.Popen([FACILITATOR, "run", "--host", "127.0.0.1", "--port", str(port), *extra], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_sigterm_during_a_pdf_download_lets_it_finish_and_leaves_no_worker(user_env):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    links = json.loads(run_cli("new", "Interpreting in primary care", "--port", str(port), env=user_env).stdout)
    server = start_server(user_env, port)
    try:
        wait_until_serving(url + "/", server)
        result = {}
        with requests.Session() as http:
            http.get(url + links["cofacilitator_url"].split(str(port), 1)[1], allow_redirects=False, timeout=10)

            def download():
                answer = http.get(f"{url}/facilitator/w/{links['code']}/report/download/pdf", timeout=120)
                result.update(status=answer.status_code, body=answer.content[:5])

            downloading = threading.Thread(target=download)
            downloading.start()
            workers = set()
            deadline = time.monotonic() + 30
            while not workers and time.monotonic() < deadline:  # the render has begun in a child
                workers = child_pids(server.pid)
                time.sleep(0.02)
            assert workers, "no PDF worker was started"
            server.send_signal(signal.SIGTERM)
            downloading.join(timeout=120)
        output = server.communicate(timeout=60)[0]
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert result == {"status": 200, "body": b"%PDF-"}, result
    assert server.returncode == 0, output
    assert "waiting up to" in output and output.rstrip().endswith("facilitator stopped.")
    assert "Traceback" not in output
    deadline = time.monotonic() + 5
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers), "a PDF worker outlived the server"


@pytest.mark.parametrize("mode", ["eventlet", "gevent"])
def test_ctrl_c_stops_with_one_line_and_no_traceback(user_env, mode):
    port = free_port()
    server = start_server(user_env, port, "--async", mode)
    try:
        wait_until_serving(f"http://127.0.0.1:{port}/", server)
        server.send_signal(signal.SIGINT)
        output = server.communicate(timeout=30)[0]
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert server.returncode == 0, output
    assert "Traceback" not in output and "KeyboardInterrupt" not in output
    assert output.rstrip().splitlines()[-1] == "facilitator stopped."
    # And the port is free again at once for the next start.
    again = start_server(user_env, port, "--async", mode)
    try:
        wait_until_serving(f"http://127.0.0.1:{port}/", again)
    finally:
        again.terminate()
        again.communicate(timeout=30)


PARENT = """
import json, subprocess, sys, time
worker = subprocess.Popen([sys.executable, "-m", "facilitator.reports.pdf_worker"], stdin=subprocess.PIPE,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
order = {"job": "html", "args": ["<p>a long render</p>", 60], "out_path": sys.argv[1], "time_limit": 120, "memory_limit": 0}
worker.stdin.write(json.dumps(order).encode()); worker.stdin.close()
print(worker.pid, flush=True)
time.sleep(600)
"""


def test_a_pdf_worker_exits_when_its_parent_is_killed(tmp_path):
    parent = subprocess.Popen([sys.executable, "-c", PARENT, str(tmp_path / "out.pdf")], stdout=subprocess.PIPE, text=True)
    worker = int(parent.stdout.readline())
    time.sleep(0.5)  # loading, or already "rendering" (sleeping first): either way it must go
    assert alive(worker)
    parent.kill()
    parent.wait()
    parent.stdout.close()
    deadline = time.monotonic() + 5
    while alive(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(worker), "the worker went on rendering for a server that had gone"
