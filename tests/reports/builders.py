"""A realistic multilingual workshop for report tests, screenshots and the benchmark.

Written straight to the tables (reports only read them): 40 phones in seven groups and
eight languages, notes in What? / So what? / Now what?, themes with dots, highlighted
quotes, scribed notes for three people without a phone, translations by an interpreter
and by the facilitator, and actions linked to the themes they come from.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import datetime, timedelta, timezone

from facilitator.store.models import Action, Note, Participant, Theme, Vote, Workshop

GROUPS = ["lived-experience", "community", "practitioner", "commissioner", "vcse", "other", ""]
LANGUAGES = ["en", "en", "en", "ar", "fa", "uk", "pl", "ur", "ckb", "ti", "ro"]

# (language, words, English translation or None)
SAID = {
    "what": [
        ("en", "I waited three weeks for an appointment and nobody booked an interpreter.", None),
        ("en", "The receptionist told me to bring my child to interpret for me.", None),
        ("ar", "لم يأتِ المترجم ولم أفهم ما قاله الطبيب.", "The interpreter did not come and I did not understand what the doctor said."),
        ("ar", "أنتظر على الهاتف ساعة كل صباح للحصول على موعد.", "I wait on the phone for an hour every morning to get an appointment."),
        ("fa", "مترجم نیامد و من حرف دکتر را نفهمیدم.", "The interpreter did not come and I did not understand the doctor."),
        ("uk", "Перекладач не прийшов, і лікар говорив тільки англійською.", "The interpreter did not come and the doctor spoke only English."),
        ("pl", "Tłumacz nie przyszedł, więc wizyta została przełożona.", "The interpreter did not come, so the visit was postponed."),
        ("ur", "مجھے ترجمان نہیں ملا اور میں ڈاکٹر کی بات نہیں سمجھا۔", "I did not get an interpreter and did not understand the doctor."),
        ("ckb", "هیچ وەرگێڕێک نەبوو و من بە ئینگلیزی قسەم نەدەکرد.", None),
        ("ti", "ተርጓሚ ኣይመጸን፡ ንሓኪም ኣይተረድኣንን።", "The interpreter did not come; I did not understand the doctor."),
        ("ro", "Interpretul nu a venit și am așteptat două ore.", "The interpreter did not come and I waited two hours."),
        ("en", "Letters from the hospital only come in English.", None),
        ("en", "Interpreters for <Tigrinya> speakers please", None),
        ("en", "Telephone interpreting cuts out and the GP gives up after two tries.", None),
    ],
    "so-what": [
        ("en", "Nobody checks whether an interpreter was booked, so it keeps happening.", None),
        ("en", "People stop going to the GP and end up in A&E instead.", None),
        ("ar", "الأطفال يترجمون لأهلهم وهذا ليس عدلاً.", "Children interpret for their parents and that is not fair."),
        ("fa", "بدون مترجم نمی‌توانم درباره سلامتم تصمیم بگیرم.", "Without an interpreter I cannot make decisions about my health."),
        ("uk", "Я не знаю, як поскаржитися, бо форма тільки англійською.", "I do not know how to complain because the form is only in English."),
        ("en", "Staff do not know how to book an interpreter on the new system.", None),
    ],
    "now-what": [
        ("en", "Book the interpreter when the appointment is made, not on the day.", None),
        ("en", "A complaints form in the main community languages.", None),
        ("ar", "تدريب موظفي الاستقبال على حجز المترجمين.", "Train reception staff to book interpreters."),
        ("pl", "Wiadomości SMS w moim języku.", "Text messages in my language."),
    ],
}
THEMES = {
    "what": [("Waiting and same-day access", 13), ("Interpreters not booked", 9), ("Letters and forms in English only", 4)],
    "so-what": [("Trust in the GP practice", 6), ("Children as interpreters", 3)],
    "now-what": [],
}


def build_realistic_workshop(service, db, notes: int = 150, seed: int = 7, *, date="2026-07-17", venue="Leeds Refugee Forum",
                             commissioners: bool = True, template="adaptive-action") -> str:
    """Make the workshop; returns its join code."""
    rng = random.Random(seed)
    made = service.create_workshop(template, title="Interpreting in primary care",
                                   question="What would make interpreting in GP practices work for you?",
                                   date=date, venue=venue)
    start = datetime(2026, 7, 17, 9, 30, tzinfo=timezone.utc)  # 10:30 in Leeds (BST)
    with db.session() as session:
        workshop = session.query(Workshop).filter_by(code=made.code).one()
        workshop.partners = "Leeds Refugee Forum\nNHS West Yorkshire ICB\nLeeds GP Confederation"
        workshop.facilitator_name = "Sam Okafor"
        workshop.prepared_for = "West Yorkshire ICB primary care commissioning team"
        groups = [g for g in GROUPS if commissioners or g != "commissioner"]
        people = []
        for i in range(40):
            person = Participant(id=uuid.uuid4().hex, workshop_id=workshop.id, group_key=groups[i % len(groups)],
                                 language=LANGUAGES[i % len(LANGUAGES)], nickname=f"Guest {i + 1}")
            session.add(person)
            people.append(person)
        session.flush()
        themes = {}
        for phase, names in THEMES.items():
            for position, (name, _dots) in enumerate(names):
                theme = Theme(workshop_id=workshop.id, phase_key=phase, name=name, position=position)
                session.add(theme)
                themes[name] = theme
        session.flush()
        phase_keys = list(SAID)
        seq = workshop.seq
        made_notes = []
        for i in range(notes):
            phase = phase_keys[0 if i % 10 < 6 else (1 if i % 10 < 9 else 2)]
            language, words, english = SAID[phase][i % len(SAID[phase])]
            speakers = [p for p in people if p.language == language] or people
            person = speakers[i % len(speakers)]
            scribed = i % 25 == 3
            seq += 1
            note = Note(
                workshop_id=workshop.id, id=str(uuid.uuid4()), phase_key=phase,
                participant_id=None if scribed else person.id,
                group_key="lived-experience" if scribed else person.group_key, nickname="" if scribed else person.nickname,
                table_label=f"Table {i % 3 + 1}" if scribed else "", scribed=scribed,
                text=words if i < len(SAID[phase]) * 3 else f"{words} ({i})", language=language,
                created_at=start + timedelta(seconds=20 * i), seq=seq,
                highlighted=i in (2, 14, 40),
            )
            if english and i % 3 != 2:  # most, not all, translated: the panel lists the rest
                note.translation_text, note.translation_language = english, "en"
                note.translation_by = "interpreter" if i % 2 else "facilitator"
            session.add(note)
            made_notes.append(note)
        workshop.seq = seq
        session.flush()
        for note in made_notes:
            names = [n for n, _ in THEMES[note.phase_key]]
            if names and rng.random() < 0.7:
                note.theme_id = themes[names[rng.randrange(len(names))]].id
        for phase, names in THEMES.items():
            for name, dots in names:
                for d in range(dots):
                    session.add(Vote(workshop_id=workshop.id, participant_id=people[d % len(people)].id, phase_key=phase,
                                     target_kind="theme", target_id=str(themes[name].id)))
        for n, (text, owner, due, links) in enumerate([
            ("Book the interpreter when the appointment is made, and check it the day before.", "Practice managers, Leeds GP Confederation", "2026-09-30", ["Waiting and same-day access", "Interpreters not booked"]),
            ("Publish the complaints form in Arabic, Farsi, Ukrainian, Polish, Urdu, Kurdish and Tigrinya.", "NHS West Yorkshire ICB patient experience team", "2026-10-31", ["Letters and forms in English only"]),
            ("Train every receptionist to book face-to-face and telephone interpreters.", "", "", ["Interpreters not booked"]),
        ]):
            session.add(Action(workshop_id=workshop.id, id=str(uuid.uuid4()), text=text, owner=owner, due=due,
                               status="confirmed", linked=json.dumps([f"theme:{themes[l].id}" for l in links]),
                               created_at=start + timedelta(hours=1, minutes=n)))
    return made.code


def seed_server_database(data_dir, notes: int) -> tuple[str, str]:
    """Write the realistic workshop into a server's database before it starts (the
    reliability tests and the bench): returns (join code, co-facilitator link path)."""
    from facilitator import create_app

    app = create_app({"data_dir": data_dir, "async_mode": "threading"})
    try:
        code = build_realistic_workshop(app.extensions["facilitation"], app.extensions["db"], notes=notes)
        with app.extensions["db"].reading() as session:
            token = session.query(Workshop).filter_by(code=code).one().cofacilitator_token
    finally:
        app.extensions["db"].dispose()
    return code, f"/facilitator/co/{code}/{token}"
