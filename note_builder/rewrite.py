"""Spoken sentences -> note language in the third person, using only the words that were said.

The rewrite changes person and drops conversational scaffolding ("Plan:", "Today we did"); it never
adds a clinical word, so every statement stays checkable against its evidence.
"""

from __future__ import annotations

import re

from scribe.transcript import Speaker

_SECOND_PERSON = [
    (r"\byou're\b", "the client is"),
    (r"\byou've\b", "the client has"),
    (r"\byou'll\b", "the client will"),
    (r"\byou'd\b", "the client would"),
    (r"\byour\b", "the client's"),
    (r"\bYour\b", "The client's"),
    (r"\byou\b", "the client"),
    (r"\bYou\b", "The client"),
]
_THERAPIST_LEADS = [
    (r"^(so,?\s+|okay,?\s+|alright,?\s+|and\s+|then,?\s+|now,?\s+)+", ""),
    (r"^plan\s*(is|:|-)?\s*(to\s+)?", ""),
    (r"^(today,?\s+)?we\s+(did|performed|completed|started with|spent)\s+", "Session included "),
    (
        r"^(today,?\s+)?we\s+(worked on|practiced|focused on|addressed|trained|reviewed)\s+",
        "Session addressed ",
    ),
    (r"^(today,?\s+)?we\s+", "Therapist and client "),
]


# the clinician's "I" and its contractions ("I'm going to start" is never "Therapist'm going to start")
_FIRST_PERSON = [
    (r"\bI'm\b", "therapist is"),
    (r"\bI'll\b", "therapist will"),
    (r"\bI'd\b", "therapist would"),
    (r"\bI've\b", "therapist has"),
    (r"\bI\b", "therapist"),
    (r"\b[Ww]e're\b", "therapist and client are"),
    (r"\b[Ww]e'll\b", "therapist and client will"),
    (r"\b[Ww]e've\b", "therapist and client have"),
]


def _sub_all(text: str, rules: list[tuple[str, str]]) -> str:
    for pattern, repl in rules:
        text = re.sub(pattern, repl, text)
    return text


def _finish(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,;")
    if not text:
        return text
    text = text[0].upper() + text[1:]
    if text[-1] not in ".!?":
        text += "."
    return text


def to_note_language(sentence: str, speaker: Speaker) -> str:
    text = sentence.strip()
    if speaker in ("client", "caregiver"):
        # The client's own words, quoted: the standard Subjective form, and nothing is paraphrased
        # into a claim they did not make.
        who = "Client" if speaker == "client" else "Caregiver"
        body = re.sub(r"^(well|so|yeah|um|uh|oh),?\s+", "", text, flags=re.IGNORECASE).strip()
        if not body:
            return ""
        body = body[0].upper() + body[1:]
        if body[-1] not in ".!?":
            body += "."
        return f'{who} reports: "{body}"'
    body = text
    for pattern, repl in _THERAPIST_LEADS:
        body = re.sub(pattern, repl, body, count=1, flags=re.IGNORECASE)
    body = _sub_all(body, _SECOND_PERSON)
    body = _sub_all(body, _FIRST_PERSON)
    return _finish(body)
