"""What a flood leaves behind once it is over (issue 21, row 8): its senders that have
gone are noticed without reading what they left in the buffer, and its connections'
budgets are forgotten."""

from __future__ import annotations

import socket
import time

import pytest

from facilitator.live import packet_guard
from facilitator.live.packet_guard import peer_has_hung_up


class Input:
    """What eventlet's WSGI server puts in `environ["eventlet.input"]`: the request's socket."""

    def __init__(self, sock):
        self.sock = sock

    def get_socket(self):
        return self.sock


@pytest.fixture
def connection():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    client = socket.create_connection(listener.getsockname())
    server_side, _ = listener.accept()
    listener.close()
    yield client, server_side
    client.close()
    server_side.close()


@pytest.mark.skipif(not hasattr(socket, "TCP_INFO"), reason="TCP_INFO is Linux's")
def test_a_sender_still_there_has_not_hung_up_even_with_unread_packets(connection):
    client, server_side = connection
    client.sendall(b"42[\"votes:mine\",{}]" * 1000)
    assert not peer_has_hung_up({"eventlet.input": Input(server_side)})


@pytest.mark.skipif(not hasattr(socket, "TCP_INFO"), reason="TCP_INFO is Linux's")
def test_a_sender_that_closed_has_hung_up_though_its_packets_are_still_unread(connection):
    client, server_side = connection
    client.sendall(b"42[\"votes:mine\",{}]" * 1000)
    client.close()
    environ = {"eventlet.input": Input(server_side)}
    for _ in range(100):  # the FIN arrives a moment after close() on loopback
        if peer_has_hung_up(environ):
            break
        time.sleep(0.005)
    assert peer_has_hung_up(environ)
    assert server_side.recv(20, socket.MSG_PEEK), "the packets are still there, unread"


def test_a_request_without_a_socket_or_a_closed_one_is_not_taken_for_a_hang_up(connection):
    _, server_side = connection
    assert not peer_has_hung_up({})
    server_side.close()
    assert not peer_has_hung_up({"eventlet.input": Input(server_side)})


def test_a_platform_without_tcp_info_cannot_tell(connection, monkeypatch):
    client, server_side = connection
    client.close()
    monkeypatch.delattr(packet_guard.socket, "TCP_INFO", raising=False)
    assert not peer_has_hung_up({"eventlet.input": Input(server_side)})


def test_an_ended_connections_budgets_are_forgotten_and_its_addresss_kept():
    """Per-connection buckets are keyed by ids never used again: kept, a flood's thousands
    of short connections held memory long after it (up to 10,000 per budget)."""
    from facilitator.web.security import Limits

    limits = Limits()
    for _ in range(5):
        limits.packets.reserve("eio-1")
        limits.packets_per_address.reserve("127.0.0.2")
        limits.events["other"].allow("sid-1")
        limits.ignored_slow_down.allow("sid-1")
    limits.events["other"].allow("sid-2")
    limits.forget_connection("eio-1", "sid-1")
    assert limits.packets.seconds_until_allowed("eio-1", cost=300) == 0  # a full bucket again
    assert "eio-1" not in limits.packets._buckets
    assert "sid-1" not in limits.events["other"]._buckets and "sid-1" not in limits.ignored_slow_down._buckets
    assert "sid-2" in limits.events["other"]._buckets, "another connection keeps its budget"
    assert "127.0.0.2" in limits.packets_per_address._buckets, "an address's budget outlives its connections"
