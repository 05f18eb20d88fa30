"""Issue 12, item 2: one workshop's events wait only for that workshop's, and SQLite's
writers queue in this process instead of in SQLite's busy loop (which freezes eventlet)."""

from __future__ import annotations

import threading
import time

from sqlalchemy import text

from facilitator.live.work_order import WorkshopGates
from facilitator.store.db import Database


def test_a_workshop_busy_with_a_long_event_does_not_hold_up_another_workshop():
    gates = WorkshopGates()
    inside_a = threading.Event()
    release_a = threading.Event()
    order = []

    def long_event_in_a():
        with gates.hold("AAAAAA"):
            inside_a.set()
            release_a.wait(5)
            order.append("A done")

    def event_in(code, name):
        with gates.hold(code):
            order.append(name)

    threading.Thread(target=long_event_in_a).start()
    assert inside_a.wait(5)
    b = threading.Thread(target=event_in, args=("BBBBBB", "B done"))
    a2 = threading.Thread(target=event_in, args=("AAAAAA", "A's next done"))
    b.start(), a2.start()
    b.join(5)
    assert order == ["B done"]  # B went ahead; A's next event still waits its turn
    release_a.set()
    a2.join(5)
    assert order == ["B done", "A done", "A's next done"]  # A's events kept their order
    assert len(gates) == 0  # nothing left behind once nobody holds or waits


def test_two_writers_at_once_on_sqlite_both_save_instead_of_one_failing_as_locked(fresh_database):
    database = Database(f"sqlite:///{fresh_database()}")
    with database.session() as session:
        session.execute(text("CREATE TABLE story (words TEXT)"))
    first_inside = threading.Event()
    failures = []

    def slow_writer():
        with database.session() as session:
            session.execute(text("INSERT INTO story VALUES ('first')"))
            first_inside.set()
            time.sleep(0.4)  # longer than SQLite's busy timeout (100 ms): a commit under load

    def second_writer():
        first_inside.wait(5)
        try:
            with database.session() as session:
                session.execute(text("INSERT INTO story VALUES ('second')"))
        except Exception as error:  # without the writer lock: "database is locked"
            failures.append(error)

    threads = [threading.Thread(target=slow_writer), threading.Thread(target=second_writer)]
    [t.start() for t in threads]
    [t.join(10) for t in threads]
    assert failures == []
    with database.reading() as session:
        assert sorted(session.scalars(text("SELECT words FROM story"))) == ["first", "second"]
    database.dispose()
