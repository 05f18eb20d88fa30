"""A realistic workshop replayed through the protocol, for the board and console tests.

40 phones join a real server over WebSockets (python-socketio's client), each in its
group and language, and post their notes to the open phase the way phones do
(`phone:join`, `note:post`); a facilitator connection (the co-facilitator link) opens
phases, makes themes and runs the vote (`phases:open`, `theme:create`, `voting:open`).
Notes come from a pool in English, Arabic, Farsi, Ukrainian, Polish and Urdu, as in Leeds.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import uuid

import requests
import socketio
from playwright.sync_api import expect

from tests.live_server import LiveServer

GROUPS = ["lived-experience", "community", "practitioner", "commissioner", "vcse", "other"]
LANGUAGES = ["en", "ar", "fa", "uk", "pl", "ur", "en", "en"]

NOTES = {
    "en": [
        "The interpreter was booked for the wrong dialect",
        "Reception hung up when I asked for an interpreter",
        "Letters arrive in English only, so I miss appointments",
        "My daughter translates for me at the GP and she is twelve",
        "Nobody told us the interpreting service is free",
        "The phone line queue is forty minutes long",
        "Online booking does not work on my old phone",
        "The waiting room has no hearing loop",
        "Staff were kind once they understood what I needed",
        "We were asked for proof of address we do not have",
    ],
    "ar": [
        "نحتاج مترجماً يتكلم لهجتنا",
        "لم يخبرنا أحد أن خدمة الترجمة مجانية",
        "الرسائل تصل باللغة الإنجليزية فقط",
        "انتظرت ساعة على الهاتف ثم انقطع الخط",
    ],
    "fa": [
        "مترجم تلفنی صدای خیلی بدی داشت",
        "فرم‌ها فقط به زبان انگلیسی هستند",
        "پزشک وقت کافی برای توضیح نداشت",
    ],
    "uk": [
        "Перекладач не прийшов на прийом",
        "Я не знала, що можна попросити перекладача",
    ],
    "pl": [
        "Rejestracja nie rozumiała mojego nazwiska",
        "Nie wiedziałem, że tłumacz jest bezpłatny",
    ],
    "ur": [
        "مجھے معلوم نہیں تھا کہ مترجم مفت ہے",
        "خط صرف انگریزی میں آتے ہیں",
    ],
}


class Phone:
    """One participant's phone on a real WebSocket."""

    def __init__(self, url: str, code: str, group: str, language: str):
        self.http = requests.Session()
        self.client = socketio.Client(reconnection=False, http_session=self.http)
        self.client.connect(url, transports=["websocket"], wait_timeout=10)
        answer = self.client.call(
            "phone:join", {"code": code, "participant": None, "group": group, "language": language}, timeout=15
        )
        assert answer["ok"], answer
        self.language = language

    def post(self, text: str, phase: str) -> dict:
        answer = self.client.call("note:post", {"id": str(uuid.uuid4()), "phase": phase, "text": text}, timeout=15)
        assert answer["ok"], answer
        return answer["note"]

    def close(self):
        self.client.shutdown()
        self.http.close()


class Facilitator:
    """The facilitator's side, through a co-facilitator link's session."""

    def __init__(self, server: LiveServer, code: str):
        self.http = requests.Session()
        self.http.get(server.workshop_links[code]["cofacilitator_url"], allow_redirects=False, timeout=10)
        self.client = socketio.Client(reconnection=False, http_session=self.http)
        self.client.connect(server.url, transports=["websocket"], wait_timeout=10)
        self.code = code
        self.snapshot = self.client.call("console:join", {"code": code}, timeout=15)
        assert self.snapshot["ok"]

    def call(self, event: str, payload: dict | None = None) -> dict:
        answer = self.client.call(event, payload or {}, timeout=15)
        assert answer["ok"], (event, answer)
        return answer

    def close(self):
        self.client.shutdown()
        self.http.close()


class Workshop:
    """A replayed workshop: its links, the notes posted (by phase), the facilitator."""

    def __init__(self, server: LiveServer, links: dict, facilitator: Facilitator):
        self.server = server
        self.links = links
        self.code = links["code"]
        self.facilitator = facilitator
        self.notes: dict[str, list[dict]] = {}

    @property
    def board_url(self) -> str:
        return self.links["board_url"]

    @property
    def console_url(self) -> str:
        return self.server.url + "/facilitator/w/" + self.code


def note_texts():
    """An endless, varied sequence of (language, text): numbered, so every note differs."""
    pools = itertools.cycle(LANGUAGES)
    counters = {language: itertools.cycle(texts) for language, texts in NOTES.items()}
    for number in itertools.count(1):
        language = next(pools)
        yield language, f"{next(counters[language])} ({number})"


def replay(server: LiveServer, title: str, notes: dict[str, int], themes: dict[str, list[tuple[str, int]]] | None = None,
           open_after: list[str] | None = None, participants: int = 40) -> Workshop:
    """Post `notes` ({phase: how many}) from `participants` phones, phase by phase, and
    group them into `themes` ({phase: [(name, how many notes)]}, from the first notes).
    Leaves `open_after` open (default: the last phase posted to)."""
    links = server.new_workshop(title, question="How do people get an interpreter at the GP?")
    facilitator = Facilitator(server, links["code"])
    workshop = Workshop(server, links, facilitator)
    phones = []
    try:
        facilitator.call("workshop:status", {"status": "live"})
        for index in range(participants):
            phones.append(Phone(server.url, links["code"], GROUPS[index % len(GROUPS)], LANGUAGES[index % len(LANGUAGES)]))
        texts = note_texts()
        for phase, count in notes.items():
            facilitator.call("phases:open", {"phases": [phase]})
            posted = []
            lock = threading.Lock()

            def post_from(phone_index, how_many):
                for _ in range(how_many):
                    with lock:
                        _, text = next(texts)
                    note = phones[phone_index].post(text, phase)
                    with lock:
                        posted.append(note)

            share = [count // participants + (1 if i < count % participants else 0) for i in range(participants)]
            threads = [threading.Thread(target=post_from, args=(i, n)) for i, n in enumerate(share) if n]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            posted.sort(key=lambda note: note["created_at"])
            workshop.notes[phase] = posted
            start = 0
            for name, size in (themes or {}).get(phase, []):
                ids = [note["id"] for note in posted[start:start + size]]
                facilitator.call("theme:create", {"phase": phase, "name": name, "notes": ids})
                start += size
        last = list(notes)[-1:]
        facilitator.call("phases:open", {"phases": open_after if open_after is not None else last})
    finally:
        for phone in phones:
            phone.close()
    return workshop


@contextlib.contextmanager
def laptop_console(page, workshop: Workshop):
    """The facilitator's console of `workshop` open in `page` on a 1280×720 laptop and
    connected; on leaving, the page must have thrown no script error."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(workshop.console_url)
    expect(page.locator("#connection")).to_have_text("Connected")
    yield page
    assert errors == []


def server_has(workshop: Workshop, contract: str) -> bool:
    """Whether the server implements a contract the front end is built against (the
    backend of C1-C6 is written on other branches): a feature check on what it sends."""
    snapshot = workshop.facilitator.client.call("sync", {"since": 0}, timeout=15)
    state = snapshot["workshop"]
    notes = snapshot.get("notes") or [{}]
    checks = {
        "C1": lambda: "board_view" in state,
        "C2": lambda: "phase" in state["timer"],
        "C3": lambda: "late" in notes[0],
        "C5": lambda: "kind" in notes[0],
        "C6": lambda: "translation" in notes[0] and "show_translations" in state["settings"],
    }
    return checks[contract]()
