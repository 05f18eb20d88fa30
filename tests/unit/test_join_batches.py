"""Issue 16: phones joining one workshop together are saved together, and each still
gets its own answer or its own refusal."""

from __future__ import annotations

import threading

from facilitator.live.join_batches import JoinBatches
from facilitator.live.work_order import WorkshopGates
from facilitator.workshops.errors import InvalidInput


def test_joins_that_arrive_while_a_batch_is_saved_are_saved_together_in_the_next(tmp_path):
    first_saving, let_first_finish = threading.Event(), threading.Event()
    saved = []

    def save_many(code, requests):
        saved.append([r["phone"] for r in requests])
        if len(saved) == 1:
            first_saving.set()
            let_first_finish.wait(5)  # a slow commit: the room keeps arriving meanwhile
        return [InvalidInput("No such group.") if r["phone"] == 7 else {"you": r["phone"]} for r in requests]

    batches = JoinBatches(save_many, WorkshopGates().hold)
    answers = {}

    def phone(n):
        try:
            answers[n] = batches.join("KX7P3M", {"phone": n})
        except InvalidInput as refusal:
            answers[n] = refusal.message

    threads = [threading.Thread(target=phone, args=(0,))]
    threads[0].start()
    assert first_saving.wait(5)
    for n in range(1, 30):
        threads.append(threading.Thread(target=phone, args=(n,)))
        threads[-1].start()
    while len(batches._waiting.get("KX7P3M", [])) < 30:  # all 29 queued behind the first
        threading.Event().wait(0.01)
    let_first_finish.set()
    [t.join(5) for t in threads]
    # Two transactions for thirty joins. The 29 threads start in order but may queue in any
    # order (the scheduler decides), so the second batch is compared as a set of phones.
    assert saved[0] == [0] and sorted(saved[1]) == list(range(1, 30)) and len(saved) == 2
    assert batches.batches == 2
    assert answers[7] == "No such group." and all(answers[n] == {"you": n} for n in range(30) if n != 7)
    assert batches._waiting == {}  # nothing left behind


def test_a_batch_that_fails_in_the_database_tells_every_join_in_it():
    class Locked(Exception):
        pass

    def save_many(code, requests):
        raise Locked("database is locked")

    batches = JoinBatches(save_many, WorkshopGates().hold)
    try:
        batches.join("KX7P3M", {})
    except Locked:
        pass
    else:
        raise AssertionError("the database's failure was swallowed")
    assert batches._waiting == {}  # the next join starts a batch of its own
