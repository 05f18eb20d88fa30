"""The server's entry point: the only module that imports eventlet or gevent (it hands
eventlet's hub to facilitator/live/green_queue.py, which never imports it).

It monkey-patches first, before Flask or the database layer is imported, then:

1. reads the settings and sets up the log (a bad value stops here, in one line);
2. **binds the port** (in use, not allowed, or not an address of this computer: one line);
3. `prepare()`s the app (database, templates): the single start-up step;
4. listens (only now does a connection get through: "the port answers" means "ready"),
   prints the banner, and serves until SIGINT or SIGTERM, pacing the garbage collector
   between two naps of its main loop (facilitator/live/collector.py);
5. stops cleanly: no new connections, downloads in progress finish (up to
   FACILITATOR_STOP_SECONDS), the PDF workers are stopped, one line, exit code 0.

Nothing else in the package patches anything: patching inside the pytest process hangs
the run at exit, so tests use the threading mode instead.
"""

from __future__ import annotations

import errno
import os
import signal
import sys
import time

from facilitator.core.config import ASYNC_MODES, DEFAULT_PORT, SettingError, env_choice, env_flag, env_number
from facilitator.live.connections import KEEPALIVE_SECONDS, ClosingBody

# A room full of phones reconnects at once after a Wi-Fi blip: keep their SYNs queued
# rather than dropped (eventlet's default backlog is 50).
LISTEN_BACKLOG = 2048
# Greenlets serving connections at once; eventlet's default of 1024 caps the room.
MAX_CONNECTIONS = 10000
STOP_POLL_SECONDS = 0.1
# Connections that sent no whole request in time are closed this often (connections.RequestDeadlines).
DEADLINE_POLL_SECONDS = 1.0
# One read or write on a connection that stalls this long closes it. A phone's socket
# hears a ping every 10 s (config.ping_interval) and answers it, so only a dead or
# deliberately stalled one ever waits this long.
SOCKET_TIMEOUT_SECONDS = 60.0


class StartError(Exception):
    """The server cannot start; the message says why and what to do, in a line or two."""


def without_websocket_compression(app):
    """Decline per-message deflate: the server then never compresses a frame per client.

    Browsers offer permessage-deflate and both eventlet's and simple-websocket's servers
    accept it, so every broadcast is compressed once per phone. Removing the offer from
    the handshake makes the server answer without the extension. This is the default:
    measured in one run (docs/performance.md), declining gave a lower p95 at every size,
    and with deflate 2,000 phones collapsed (p95 18 s, notes lost) where without it p95
    was 286 ms. FACILITATOR_WS_COMPRESSION=1 accepts deflate again.
    """

    def wrapped(environ, start_response):
        environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return app(environ, start_response)

    return wrapped


class InFlight:
    """WSGI middleware counting page and file requests (downloads) still being answered.

    Socket.IO traffic is not counted: a phone's connection lasts the whole workshop and
    must not hold up a stop. A request counts until its body has been sent and closed.
    """

    def __init__(self, app):
        self.app = app
        self.count = 0

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO", "").startswith("/socket.io"):
            return self.app(environ, start_response)
        self.count += 1
        try:
            body = self.app(environ, start_response)
        except BaseException:
            self.count -= 1
            raise
        return ClosingBody(body, self._done)

    def _done(self):
        self.count -= 1


def bind(host: str, port: int):
    """Bind the server's socket (not listening yet: see `listen`), or raise StartError saying why not.

    Never SO_REUSEPORT (eventlet's default): with it a second server on the same port
    starts "fine" and the kernel splits the phones between two processes that do not
    share a room. SO_REUSEADDR only lets a restart reuse the port at once (Windows:
    SO_EXCLUSIVEADDRUSE, since its SO_REUSEADDR lets another program take the port).
    Called after monkey-patching, so the socket is green.
    """
    import socket

    try:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (socket.gaierror, UnicodeError):
        raise StartError(
            f"Cannot listen on --host {host}: it is not an address or name this computer knows. "
            "Use 0.0.0.0 (every network, so phones can join) or 127.0.0.1 (this computer only)."
        ) from None
    listener = socket.socket(family, kind, proto)
    try:
        if os.name == "nt":
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        else:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
    except OSError as exc:
        listener.close()
        raise StartError(_bind_problem(host, port, exc)) from None
    return listener


def listen(listener, host: str, port: int) -> None:
    """Start accepting connections on the bound socket (StartError if the port was taken meanwhile)."""
    try:
        listener.listen(LISTEN_BACKLOG)
    except OSError as exc:
        listener.close()
        raise StartError(_bind_problem(host, port, exc)) from None


def _bind_problem(host: str, port: int, exc: OSError) -> str:
    if exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)):
        free = _free_port_near(host, port)
        hint = f" or start on another port: facilitator run --port {free}" if free else " or choose another --port"
        return f"Port {port} is already in use by another program (is facilitator already running?). Stop that program,{hint}."
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"Port {port} needs administrator rights on this computer. Use a port above 1023, such as {DEFAULT_PORT}."
    if exc.errno == errno.EADDRNOTAVAIL:
        return (
            f"Cannot listen on --host {host}: it is not an address of this computer. "
            "Use 0.0.0.0 (every network) or 127.0.0.1 (this computer only)."
        )
    return f"Cannot listen on {host} port {port}: {exc.strerror or exc}."


def _free_port_near(host: str, port: int) -> int | None:
    import socket

    for candidate in range(port + 1, min(port + 20, 65535) + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("" if host in ("0.0.0.0", "::") else host, candidate))
                return candidate
            except OSError:
                continue
    return None


def patch(mode: str):
    """Monkey-patch for `mode`; returns (offload, sleep) for that library."""
    if mode == "eventlet":
        from facilitator.core.logs import quiet_eventlet_deprecation

        quiet_eventlet_deprecation()
        import eventlet

        eventlet.monkey_patch()
        # psycopg (PostgreSQL, for --workers) waits for the server in C unless it sees the
        # select module patched, which it only checks for gevent: under eventlet every
        # query then froze the whole process, every phone, until PostgreSQL answered (a
        # join waiting on another process's lock froze it for the whole of that lock).
        # Its pure-Python select() wait is green once select is patched.
        os.environ.setdefault("PSYCOPG_WAIT_FUNC", "wait_select")
        from eventlet import tpool

        return tpool.execute, eventlet.sleep
    from gevent import monkey

    monkey.patch_all()
    import gevent

    def offload(call):
        return gevent.get_hub().threadpool.apply(call)

    return offload, gevent.sleep


def prepare(mode: str, offload):
    """The single start-up step: build the app (settings, database, templates).

    Everything that must happen once before the first phone connects belongs here.
    """
    from facilitator import create_app

    # Blocking calls that release the GIL (SQLite's fsync on commit) run in the async
    # library's thread pool, so they never freeze the event loop.
    app = create_app({"async_mode": mode, "offload": offload})
    if mode == "eventlet":
        from eventlet.hubs import get_hub
        from eventlet.queue import Empty

        from facilitator.live import green_queue

        green_queue.install(app.extensions["socketio"].server.eio, get_hub, Empty)
    return app


def main(
    host: str = "0.0.0.0", port: int = DEFAULT_PORT, async_mode: str | None = None, worker_ports: list[int] | None = None
) -> int:
    """Patch, bind, prepare, print the addresses, and serve until stopped; returns the exit code.

    `worker_ports`: this process is one of `facilitator run --workers N` (see run_workers);
    the first of them hands each phone arriving on the join link to one of the ports.

    Raises StartError, config.SettingError, TemplateError or a database error, which the
    command line turns into one line (see cli.main).
    """
    parent = os.getppid()  # first: with --workers, the watching process (see the main loop)
    mode = async_mode or env_choice("FACILITATOR_ASYNC", ASYNC_MODES, "eventlet")
    stop_seconds = env_number("FACILITATOR_STOP_SECONDS", 30.0, 0, 3600)
    offload, sleep = patch(mode)

    from facilitator.core import logs
    from facilitator.live.collector import CollectionPacer
    from facilitator.live.connections import Connections, raise_open_files_limit

    # Before anything opens a file: the room needs every file the system allows (issue 12).
    connections = Connections.from_settings(raise_open_files_limit())

    log = logs.configure()
    access_log = env_flag("FACILITATOR_ACCESS_LOG")
    listener = bind(host, port)
    try:
        app = prepare(mode, offload)
    except BaseException:
        listener.close()
        raise
    from facilitator.banner import print_banner
    from facilitator.web.gzip_static import gzip_responses

    wsgi = gzip_responses(app)
    if os.environ.get("FACILITATOR_WS_COMPRESSION", "0") != "1":
        wsgi = without_websocket_compression(wsgi)
    if worker_ports and len(worker_ports) > 1 and port == worker_ports[0]:
        wsgi = HandOutPorts(wsgi, worker_ports)
    if access_log:
        wsgi = logs.access_log(wsgi, app)
    in_flight = InFlight(wsgi)

    stop_requests = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        # Only a note is taken here; the main loop below does the stopping, outside the handler.
        signal.signal(signum, lambda number, _frame: stop_requests.append(number))

    listen(listener, host, port)
    server = _start_server(mode, listener, in_flight, connections, sleep)
    print_banner(app, host, port)
    log.info("listening on %s port %d (%s)", host, port, mode)
    # Everything made so far lives as long as the server: frozen out of the garbage
    # collector's sight. Full collections from now on come from the pacer, between two
    # of this loop's naps, never from Python's own pacing in the middle of a join storm.
    collections = CollectionPacer().install()

    while not stop_requests:
        sleep(STOP_POLL_SECONDS)
        collections.tick()
        if worker_ports and os.getppid() != parent:
            # One of `--workers N`, and the watching process is gone (killed): stop as if told
            # to, rather than hold the port with no one to stop us.
            stop_requests.append(signal.SIGTERM)
    return _stop(server, listener, in_flight, app, stop_requests, stop_seconds, sleep)


# ---- one server process per core (`facilitator run --workers N`, issue 16) --------------
#
# Each process listens on its own port, P .. P+N-1, and they share the room through
# MESSAGE_QUEUE (Redis) and the database (PostgreSQL). A phone's Socket.IO client may
# start with long-polling, whose requests must all reach the same process: so a phone
# stays with the process that served its page (the page's socket connects to the page's
# own origin). The join link and QR code name port P; process P answers the phone's first
# request with a redirect to one of the ports, in turn, and the phone stays there. No
# front (nginx) is needed on a laptop; behind nginx, docs/deploy.md's `ip_hash` does it.

PHONE_ENTRY_PATHS = ("/j/", "/join")


def scale_out_problem(workers: int) -> str | None:
    """Why `--workers N` cannot run with these settings, in words; None when it can."""
    from facilitator.core.config import env

    if workers <= 1:
        return None
    database, queue = env("DATABASE_URL") or "", env("MESSAGE_QUEUE") or ""
    missing = []
    if not queue.startswith(("redis://", "rediss://", "unix://")):
        missing.append("MESSAGE_QUEUE=redis://… (the processes tell each other every change through Redis)")
    if not database.startswith("postgresql"):
        missing.append("DATABASE_URL=postgresql+psycopg://… (SQLite cannot be written by several processes at once)")
    if not missing:
        return None
    return (
        f"--workers {workers} needs a shared message queue and database: set "
        + " and ".join(missing)
        + ". See README, Scale-out. Or start one process: facilitator run (without --workers)."
    )


class HandOutPorts:
    """WSGI middleware of the first process: a phone opening the join link (`/j/<code>`,
    `/join`) is redirected to the same address on the next port in turn, so each process
    serves its share of the phones, and each phone's page and socket stay on one process.
    Every other request (consoles, boards, files) is served here as usual."""

    def __init__(self, app, ports: list[int]):
        self.app, self.ports, self.turn = app, list(ports), 0

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if environ.get("REQUEST_METHOD") in ("GET", "HEAD") and path.startswith(PHONE_ENTRY_PATHS) and path != "/j/sw.js":
            port = self.ports[self.turn % len(self.ports)]
            self.turn += 1
            if port != self.ports[0]:
                from urllib.parse import quote

                host = _host_without_port(environ)
                query = environ.get("QUERY_STRING", "")
                location = f"{environ.get('wsgi.url_scheme', 'http')}://{host}:{port}{quote(path)}" + (f"?{query}" if query else "")
                start_response("302 Found", [("Location", location), ("Cache-Control", "no-store"), ("Content-Length", "0")])
                return [b""]
        return self.app(environ, start_response)


def _host_without_port(environ) -> str:
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "127.0.0.1")
    if host.startswith("["):  # [::1]:5050
        return host[: host.index("]") + 1]
    return host.rsplit(":", 1)[0] if ":" in host else host


def run_workers(host: str, port: int, workers: int, async_mode: str | None = None) -> int:
    """`facilitator run --workers N`: start N server processes on ports port .. port+N-1,
    stop them all on Ctrl+C or SIGTERM, and stop the rest if one stops by itself.

    This process only watches: it imports no async library and serves no one. The first
    process starts (and brings the database up to date) before the others, so they never
    race to create the tables. Raises StartError if the settings or the ports do not allow it.
    """
    import socket
    import subprocess

    problem = scale_out_problem(workers)
    if problem:
        raise StartError(problem)
    ports = [port + i for i in range(workers)]
    if ports[-1] > 65535:
        raise StartError(f"--workers {workers} needs ports {port} to {ports[-1]}; choose a lower --port.")
    for candidate in ports:  # every port free before any process starts
        bind(host, candidate).close()
    stop_seconds = env_number("FACILITATOR_STOP_SECONDS", 30.0, 0, 3600)
    stop_requests: list[int] = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda number, _frame: stop_requests.append(number))

    def start(index: int) -> subprocess.Popen:
        command = [sys.executable, "-c", "import sys; from facilitator.cli import main; sys.exit(main())", "run",
                   "--host", host, "--port", str(ports[index]), "--worker-ports", ",".join(map(str, ports))]
        if async_mode:
            command += ["--async", async_mode]
        # Only the first process prints its banner (the addresses to share); the others' would repeat it.
        return subprocess.Popen(command, stdout=None if index == 0 else subprocess.DEVNULL)

    def answers(candidate: int) -> bool:
        try:
            with socket.create_connection(("127.0.0.1" if host in ("0.0.0.0", "::", "") else host, candidate), timeout=0.5):
                return True
        except OSError:
            return False

    children: list[subprocess.Popen] = []
    try:
        for index in range(workers):
            children.append(start(index))
            deadline = time.monotonic() + 120
            while not answers(ports[index]) and not stop_requests:
                if children[-1].poll() is not None:
                    print(f"facilitator: the server process for port {ports[index]} did not start "
                          f"(exit code {children[-1].returncode}); stopping.", file=sys.stderr, flush=True)
                    return 1
                if time.monotonic() > deadline:
                    print(f"facilitator: the server process for port {ports[index]} did not answer within 120 s; stopping.",
                          file=sys.stderr, flush=True)
                    return 1
                time.sleep(STOP_POLL_SECONDS)
        if not stop_requests:
            print(f"{workers} server processes on ports {ports[0]}–{ports[-1]}. Phones join through port {ports[0]}, "
                  "which sends each phone to one of them in turn.", flush=True)
        while not stop_requests:
            for child, child_port in zip(children, ports):
                if child.poll() is not None:
                    time.sleep(STOP_POLL_SECONDS * 2)  # Ctrl+C reaches the children too: was it that?
                    if stop_requests:
                        break
                    print(f"facilitator: the server process for port {child_port} stopped (exit code {child.returncode}); "
                          "stopping the others.", file=sys.stderr, flush=True)
                    return 1
            time.sleep(STOP_POLL_SECONDS * 2)
        return 0
    finally:
        _stop_children(children, stop_seconds)


def _stop_children(children, stop_seconds: float) -> None:
    """SIGTERM every child still running; each stops cleanly (bounded), else is killed."""
    import subprocess

    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + stop_seconds + 10
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _start_server(mode: str, listener, wsgi, connections, sleep):
    if mode == "eventlet":
        import eventlet
        import eventlet.wsgi

        from facilitator.live.connections import GuardedListener, RequestDeadlines, client_address

        deadlines = RequestDeadlines(connections)

        class CountingPool(eventlet.GreenPool):
            """Counts each connection from its first byte to its close, per address, and
            watches it until its request arrives (eventlet's server spawns one green
            thread per connection with `[address, socket, state]`)."""

            def spawn(self, function, connection, *args, **kwargs):
                address = client_address(connection[0])
                thread = super().spawn(function, connection, *args, **kwargs)
                deadlines.accepted(thread, address)  # before the thread first runs: spawn never switches
                thread.link(lambda finished: deadlines.gone(finished, address))
                return thread

        def close_overdue():
            while True:
                sleep(DEADLINE_POLL_SECONDS)
                for thread in deadlines.overdue():
                    thread.kill()  # its socket is closed as the thread ends (eventlet's own link)

        # Larger than the cap, so spawning never blocks the accept loop: the cap is
        # enforced (politely, with a 503) by GuardedListener before a connection gets here.
        pool = CountingPool(max(MAX_CONNECTIONS, connections.total + 16))
        guarded = GuardedListener(listener, connections, sleep)
        site = RequestsArrive(wsgi, deadlines, eventlet.getcurrent)

        def serve():
            try:
                eventlet.wsgi.server(
                    guarded,
                    site,
                    log_output=False,
                    custom_pool=pool,
                    keepalive=KEEPALIVE_SECONDS,
                    socket_timeout=SOCKET_TIMEOUT_SECONDS,
                )
            except BaseException:  # the listener closed under it at stop time: expected
                pass

        eventlet.spawn(close_overdue)
        return eventlet.spawn(serve)
    from gevent.pywsgi import WSGIServer

    server = WSGIServer(listener, wsgi, log=None)
    server.start()
    return server


class RequestsArrive:
    """Outermost WSGI middleware: tells RequestDeadlines that the connection serving this
    request (identified by `current()`, its green thread) has sent it whole, and, once the
    response is done, that it may wait for its next one."""

    def __init__(self, app, deadlines, current):
        self.app, self.deadlines, self.current = app, deadlines, current

    def __call__(self, environ, start_response):
        connection = self.current()
        address = environ.get("REMOTE_ADDR", "")
        self.deadlines.request_arrived(connection)
        try:
            body = self.app(environ, start_response)
        except BaseException:
            self.deadlines.answered(connection, address)
            raise
        return ClosingBody(body, lambda: self.deadlines.answered(connection, address))


def _stop(server, listener, in_flight: InFlight, app, stop_requests: list, stop_seconds: float, sleep) -> int:
    """Stop taking connections, let downloads finish (bounded), stop the PDF workers."""
    if hasattr(server, "close"):  # gevent: stop accepting, leave handlers running
        server.close()
    listener.close()
    deadline = time.monotonic() + stop_seconds
    if in_flight.count:
        print(f"Stopping: waiting up to {stop_seconds:g} s for {in_flight.count} download(s) in progress "
              "(press Ctrl+C again to stop now).", flush=True)
    signals_seen = len(stop_requests)
    while in_flight.count and time.monotonic() < deadline and len(stop_requests) == signals_seen:
        sleep(STOP_POLL_SECONDS)
    unfinished = in_flight.count
    from facilitator.reports import pdf

    # No PDF starts from now on; the warm spare and every worker still rendering are killed
    # and waited for (a download that was waited for above has its file already).
    app.extensions["pdf_jobs"].close()
    pdf._workers.close()
    app.extensions["db"].dispose()
    if unfinished:
        print(f"facilitator stopped; {unfinished} download(s) did not finish in time.", flush=True)
    else:
        print("facilitator stopped.", flush=True)
    import logging

    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    # Open Socket.IO connections and the async library's threads would only delay the exit.
    os._exit(0)
