"""The connection caps and request deadlines as plain objects (serve.py drives them
from eventlet; the real server is tested in tests/reliability/test_idle_connections.py)."""

from __future__ import annotations

from facilitator.live.connections import Connections, RequestDeadlines


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_a_connection_that_sends_nothing_is_overdue_after_the_header_time_and_only_once():
    clock = Clock()
    deadlines = RequestDeadlines(Connections(100, 10), header_seconds=10, keepalive_seconds=10, clock=clock)
    deadlines.accepted("a", "10.0.0.5")
    clock.now += 9.9
    assert deadlines.overdue() == []
    clock.now += 0.2
    assert deadlines.overdue() == ["a"]
    assert deadlines.overdue() == []


def test_a_request_that_arrives_in_time_is_not_watched_while_the_app_answers_it():
    clock = Clock()
    connections = Connections(100, 10)
    deadlines = RequestDeadlines(connections, header_seconds=10, keepalive_seconds=10, clock=clock)
    deadlines.accepted("socket", "10.0.0.5")
    deadlines.request_arrived("socket")
    clock.now += 3600  # a WebSocket open for an hour
    assert deadlines.overdue() == []
    assert connections.waiting == {}


def test_a_kept_alive_connection_gets_the_idle_time_and_the_header_time_for_its_next_request():
    clock = Clock()
    deadlines = RequestDeadlines(Connections(100, 10), header_seconds=10, keepalive_seconds=10, clock=clock)
    deadlines.accepted("a", "10.0.0.5")
    deadlines.request_arrived("a")
    deadlines.answered("a", "10.0.0.5")
    clock.now += 19.9
    assert deadlines.overdue() == []
    clock.now += 0.2
    assert deadlines.overdue() == ["a"]


def test_connections_waiting_for_their_first_request_are_capped_per_address_and_counted_down():
    connections = Connections(1000, 200, waiting_per_address=2)
    deadlines = RequestDeadlines(connections)
    deadlines.accepted("a", "10.0.0.5")
    deadlines.accepted("b", "10.0.0.5")
    assert not connections.admits("10.0.0.5")
    assert connections.admits("10.0.0.6")
    deadlines.request_arrived("a")
    assert connections.admits("10.0.0.5")
    deadlines.gone("b", "10.0.0.5")  # went without a request: no longer waiting
    deadlines.gone("a", "10.0.0.5")
    assert (connections.open, dict(connections.by_address), dict(connections.waiting)) == (0, {}, {})


def test_an_overdue_connection_stops_counting_as_waiting_before_it_is_closed():
    clock = Clock()
    connections = Connections(1000, 200, waiting_per_address=1)
    deadlines = RequestDeadlines(connections, header_seconds=10, clock=clock)
    deadlines.accepted("a", "10.0.0.5")
    clock.now += 11
    assert deadlines.overdue() == ["a"]
    assert connections.admits("10.0.0.5")
    deadlines.gone("a", "10.0.0.5")
    assert (connections.open, dict(connections.waiting)) == (0, {})


def test_the_last_places_of_a_big_room_are_kept_for_this_computer():
    connections = Connections(300, 1000, waiting_per_address=1000)
    for n in range(300 - 32):
        connections.opened(f"10.0.{n // 200}.{n % 200}")
    assert not connections.admits("10.0.9.9")
    assert connections.admits("127.0.0.1") and connections.admits("::1")


def test_a_small_room_keeps_no_places_back():
    connections = Connections(6, 1000)
    for n in range(5):
        connections.opened("10.0.0.5")
    assert connections.admits("10.0.0.6")
