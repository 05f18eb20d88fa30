"""The application factory: settings, storage, templates, Socket.IO and pages.

`build_app` only wires things together; it changes nothing on disk. `prepare` does the
work a server does once before anyone connects: migrate the database, then apply the
retention period. `facilitator.create_app` is the two together (server and CLI).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import Flask, abort, render_template, request
from flask_socketio import SocketIO
from werkzeug.exceptions import HTTPException

from facilitator.accounts.signins import SignIns
from facilitator.core import i18n
from facilitator.core.config import Settings
from facilitator.core.private_files import scrub_deleted_text
from facilitator.core.proxies import PEER, ProxyHeaders, UnconfiguredProxy
from facilitator.core.resources import STATIC_DIR
from facilitator.live.connections import ClientsBehindProxy, per_address_cap
from facilitator.live.health import LoopMonitor
from facilitator.live.join_batches import JoinBatches
from facilitator.live.packet_guard import PacketGuard, accept_whole_batches
from facilitator.live.realtime import Broadcaster, TextPacket
from facilitator.live.work_order import WorkshopGates
from facilitator.reports.jobs import RenderQueue, renders_from_env
from facilitator.usecases import Facilitation
from facilitator.store.db import Database, upgrade
from facilitator.web import sockets
from facilitator.web.guards import storable
from facilitator.web.security import HostPolicy, Limits
from facilitator.web.views import board, exports, facilitator, health, manage, participant, responses, translations
from facilitator.web.views.access import csrf_token, is_facilitator
from facilitator.workshops.errors import N_
from facilitator.workshops.session_templates import load_usable_templates

# No inline script anywhere: pages load their own JS files and read data- attributes.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self' ws: wss:; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


# Issue 12: a socket frame larger than this is dropped (and its connection closed) before
# it is parsed or reaches a handler. The largest real payloads — a theme step naming 500
# notes (~20 KB), a note or translation at the longest limit a template may set — stay far below.
SOCKET_FRAME_LIMIT = 64 * 1024


def build_app(config: dict | None = None, database: Database | None = None, templates: dict | None = None) -> Flask:
    """Create the app. `config` overrides settings (tests pass a temporary data folder);
    `database` and `templates` are used instead of opening `settings.database_url` and
    loading `settings.templates_dir` (tests open them once for the whole run)."""
    settings = Settings.from_env(config)
    app = Flask(__name__, static_folder=str(STATIC_DIR), static_url_path="/static")
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SETTINGS=settings,
        TESTING=settings.testing,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(days=14),
        MAX_CONTENT_LENGTH=1024 * 1024,
        # Issue 12: over https the cookie never travels in clear.
        SESSION_COOKIE_SECURE=(settings.public_url or "").lower().startswith("https://"),
    )

    # Tests' throwaway databases skip the fsync; everything else keeps synchronous=FULL.
    db = database or Database(settings.database_url, offload=settings.offload, durable=not settings.testing)
    scrub_deleted_text(db.engine)  # issue 12: deleted text is overwritten, not left in free pages
    # A broken template is skipped with a warning, so one bad edit never stops a workshop.
    templates = templates if templates is not None else load_usable_templates(settings.templates_dir)
    hosts = HostPolicy(settings)
    socketio = SocketIO(
        app,
        async_mode=settings.async_mode,
        cors_allowed_origins=hosts.origin_allowed,
        message_queue=settings.message_queue,
        ping_interval=settings.ping_interval,
        ping_timeout=settings.ping_timeout,
        max_http_buffer_size=SOCKET_FRAME_LIMIT,
        serializer=TextPacket,  # JSON only: no walk of every payload for binary parts
        async_handlers=False,  # PacketGuard starts each handler, a few per connection at once
    )
    # What a connection sends: a few events handled at once per connection, one packet
    # per turn of the loop; packets that are not Socket.IO: a few tolerated, then the
    # connection is closed and one line logged (issue 21; facilitator/live/packet_guard.py).
    accept_whole_batches(SOCKET_FRAME_LIMIT)  # a long-polling phone's outbox in one POST is read whole
    app.extensions["limits"] = limits = Limits()
    app.extensions["packet_guard"] = PacketGuard(socketio.server, limits).install()
    # Issue 12: outermost, around Socket.IO's middleware too, so pages, rate limits and
    # socket handlers all see the client's address: a proxy's X-Forwarded-For is believed
    # only from FACILITATOR_TRUSTED_PROXIES (see facilitator/core/proxies.py).
    app.extensions["unconfigured_proxy"] = unconfigured = UnconfiguredProxy(logging.getLogger("facilitator.core.proxies"))
    app.wsgi_app = ProxyHeaders(
        app.wsgi_app,
        settings.trusted_proxies,
        clients=ClientsBehindProxy(per_address_cap()) if settings.trusted_proxies else None,
    )
    app.extensions["db"] = db
    app.extensions["signins"] = SignIns(db)  # issue 12: facilitator sign-ins that can end
    # One socket event's work at a time per workshop (see facilitator/live/work_order.py).
    # Created here, after the server's entry point has monkey-patched: green under eventlet.
    app.extensions["workshop_gates"] = gates = WorkshopGates()
    app.extensions["loop_monitor"] = monitor = LoopMonitor(socketio)
    if settings.async_mode in ("eventlet", "gevent"):
        monitor.start()  # only on the real server: tests in threading mode need no heartbeat
    app.extensions["facilitation"] = Facilitation(
        db=db, templates=templates, broadcaster=Broadcaster(socketio), export_dir=settings.export_dir
    )
    # Phones joining one workshop together are saved together (facilitator/live/join_batches.py).
    app.extensions["join_batches"] = JoinBatches(app.extensions["facilitation"].join_many, gates.hold)
    # Issue 12 item 8: PDFs from the console go through one render queue per server
    # process (a cap, a short queue, honest waits); its tasks only wait on child processes.
    app.extensions["pdf_jobs"] = RenderQueue(
        exports.pdf_renderer(app), renders=renders_from_env(), start_task=socketio.start_background_task
    )
    sockets.register(socketio)
    i18n.init_app(app)

    app.register_blueprint(participant.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(board.bp)
    app.register_blueprint(facilitator.bp)
    app.register_blueprint(manage.bp)
    app.register_blueprint(exports.bp)
    app.register_blueprint(translations.bp)
    app.register_blueprint(responses.bp)
    app.jinja_env.globals["csrf_token"] = csrf_token

    @app.before_request
    def notice_unconfigured_proxy():
        # Only the facilitator's own requests count (issue 21): a stranger's forged
        # X-Forwarded-For must not put a banner on the facilitator's pages, nor a log line
        # telling them to trust the stranger's address.
        if not settings.trusted_proxies and request.headers.get("X-Forwarded-For", "").strip() and is_facilitator():
            unconfigured(request.environ.get(PEER) or request.remote_addr or "")

    @app.context_processor
    def proxy_warning():
        # The facilitator's pages say so when their own requests come through a proxy
        # that nobody told us about.
        return {"unconfigured_proxy": unconfigured.seen}

    @app.before_request
    def refuse_unknown_hosts():
        if not hosts.host_allowed(request.host):
            abort(400, description=N_("This server does not answer to that address. Use the address on the screen."))

    @app.before_request
    def refuse_unstorable_text():
        # Issue 12: form and query values that cannot be stored are refused here, once.
        if not (storable(request.args.to_dict(flat=False)) and storable(request.form.to_dict(flat=False))):
            abort(400, description=N_("Some of this text has characters that cannot be saved. Please type it again without them."))

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    @app.errorhandler(HTTPException)
    def http_error(error):
        return render_template("error.html", error=error), error.code

    return app


def prepare(app: Flask) -> Flask:
    """Make the app's database ready to serve: its schema migrated, and (when a retention
    period is set) old workshops purged, so they never linger past a start."""
    upgrade(app.extensions["db"].engine)
    settings = app.config["SETTINGS"]
    if settings.retention_days:
        app.extensions["facilitation"].purge(settings.retention_days)
    return app
