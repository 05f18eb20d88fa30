"""The server's garbage collection pacing (facilitator/live/collector.py), against a stand-in
for the gc module: what runs, and when, as a room joins and stays."""

from __future__ import annotations

import gc

import pytest

from facilitator.live.collector import OFF, CollectionPacer


class RecordingGc:
    def __init__(self):
        self.calls = []
        self.threshold = (700, 10, 10)

    def get_threshold(self):
        return self.threshold

    def set_threshold(self, *values):
        self.calls.append(("set_threshold", values))
        self.threshold = values

    def collect(self):
        self.calls.append("collect")

    def freeze(self):
        self.calls.append("freeze")

    def unfreeze(self):
        self.calls.append("unfreeze")


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_start_up_is_collected_and_frozen_and_python_stops_pacing_full_collections_itself():
    fake = RecordingGc()
    CollectionPacer(gc=fake, clock=Clock()).install()
    assert fake.calls == ["collect", "freeze", ("set_threshold", (10_000, 10, OFF))]


def test_a_collection_runs_every_interval_and_freezes_what_survives():
    fake, clock = RecordingGc(), Clock()
    pacer = CollectionPacer(every=30, thorough_every=600, gc=fake, clock=clock).install()
    fake.calls.clear()
    clock.now += 29
    assert not pacer.tick() and fake.calls == []  # not yet: the main loop ticks every 0.1 s
    clock.now += 1
    assert pacer.tick() and fake.calls == ["collect", "freeze"]
    clock.now += 10
    assert not pacer.tick()
    assert pacer.collections == 1


def test_every_ten_minutes_the_frozen_are_unfrozen_so_closed_connections_are_reclaimed():
    fake, clock = RecordingGc(), Clock()
    pacer = CollectionPacer(every=30, thorough_every=600, gc=fake, clock=clock).install()
    fake.calls.clear()
    for _ in range(20):  # ten minutes of ticks, one collection each 30 s
        clock.now += 30
        pacer.tick()
    assert fake.calls.count("collect") == 20
    assert fake.calls.count("unfreeze") == 1 and fake.calls[-3:] == ["unfreeze", "collect", "freeze"]


def test_a_pacing_that_makes_no_sense_is_refused():
    with pytest.raises(ValueError):
        CollectionPacer(every=600, thorough_every=30)


def test_against_the_real_gc_a_cycle_made_after_the_freeze_is_collected_and_one_frozen_is_reclaimed_by_the_thorough_pass():
    import weakref

    class Node:
        pass

    clock = Clock()
    saved = gc.get_threshold()
    pacer = CollectionPacer(every=1, thorough_every=3, clock=clock)
    try:
        pacer.install()
        old = Node()
        old.me = old  # a cycle, frozen by the next tick while still in use
        gone_old = weakref.ref(old)
        clock.now += 1
        pacer.tick()
        del old  # now garbage, but frozen: ordinary passes do not see it
        young = Node()
        young.me = young
        gone_young = weakref.ref(young)
        del young
        clock.now += 1
        pacer.tick()
        assert gone_young() is None and gone_old() is not None
        clock.now += 1
        pacer.tick()  # the thorough pass
        assert gone_old() is None
    finally:
        gc.unfreeze()
        gc.set_threshold(*saved)
        gc.collect()
