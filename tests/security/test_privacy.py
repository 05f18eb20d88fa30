"""Privacy: no IP address is kept, and logs never hold what people wrote."""

from __future__ import annotations

import logging
import sqlite3

from sqlalchemy import inspect, make_url


def test_no_ip_address_is_stored_with_participants_or_notes(app, workshop, socketio):
    client = socketio.test_client(app, headers={"X-Forwarded-For": "203.0.113.9"})
    answer = client.emit("phone:join", {"code": workshop.code}, callback=True)
    assert answer["ok"]
    engine = app.extensions["db"].engine
    columns = {table: [c["name"] for c in inspect(engine).get_columns(table)] for table in inspect(engine).get_table_names()}
    assert not any("ip" == c or "addr" in c or "ip_" in c for cols in columns.values() for c in cols)
    database = make_url(app.extensions["db"].url).database
    dump = "\n".join(sqlite3.connect(database).iterdump())
    assert "203.0.113.9" not in dump and "127.0.0.1" not in dump


def test_logs_never_hold_note_text(workshop, join_phone, caplog):
    secret = "my neighbour Mrs Example has no interpreter"
    with caplog.at_level(logging.DEBUG):
        phone = join_phone(workshop.code)
        phone.post(secret)
        phone.post(secret + "x" * 600)  # refused: too long
        phone.post(secret, phase="now-what")  # refused: closed
        phone.emit("phases:open", {"phases": [secret]})  # refused: not a facilitator
    assert caplog.records  # something was logged (the refusal), and none of it is the text
    assert not any("Mrs Example" in record.getMessage() for record in caplog.records)
