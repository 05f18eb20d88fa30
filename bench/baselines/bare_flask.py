"""The floor of our stack: Flask-SocketIO on eventlet (or gevent), broadcasting and nothing else.

No validation, no database, the same event names and acknowledgement shapes as
facilitator, so the load generator drives it unchanged. Started by the benchmark as

    python bench/baselines/bare_flask.py PORT [eventlet|gevent]
"""

import sys

MODE = sys.argv[2] if len(sys.argv) > 2 else "eventlet"
if MODE == "eventlet":
    import eventlet

    eventlet.monkey_patch()
else:
    from gevent import monkey

    monkey.patch_all()

from flask import Flask, request  # noqa: E402
from flask_socketio import SocketIO, join_room  # noqa: E402

ROOM = "workshop"
app = Flask(__name__)
socketio = SocketIO(app, async_mode=MODE, ping_interval=10, ping_timeout=10)
seq = 0


@socketio.on("phone:join")
def phone_join(payload=None):
    join_room(ROOM)
    return {"ok": True, "participant": {"id": request.sid}, "notes": [], "seq": seq}


@socketio.on("board:join")
def board_join(payload=None):
    join_room(ROOM)
    return {"ok": True, "notes": [], "seq": seq}


@socketio.on("note:post")
def note_post(payload):
    global seq
    seq += 1
    note = {"id": payload["id"], "phase": payload["phase"], "text": payload["text"], "hidden": False, "seq": seq}
    socketio.emit("note", note, to=ROOM)
    return {"ok": True, "note": note, "duplicate": False}


if __name__ == "__main__":
    # The same open-files limit as ours (which raises the soft limit to the hard one at start).
    import resource

    _soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (_hard, _hard))
    port = int(sys.argv[1])
    if MODE == "eventlet":
        import eventlet.wsgi

        eventlet.wsgi.server(eventlet.listen(("127.0.0.1", port), backlog=2048), app, log_output=False, max_size=10000)
    else:
        from gevent.pywsgi import WSGIServer

        WSGIServer(("127.0.0.1", port), app, backlog=2048, log=None).serve_forever()
