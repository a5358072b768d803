"""The transcript types every other package speaks, and the importers for existing transcripts.

A transcript keeps what was said (`text`, verbatim from the recogniser) apart from its clinical
written form (`clinical_text`, numbers normalised), because the written form is for people and
rules while the verbatim one is what word error rate and evidence playback are measured against.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any, Literal, cast

Speaker = Literal["therapist", "client", "caregiver", "unknown"]
SPEAKERS: tuple[Speaker, ...] = ("therapist", "client", "caregiver", "unknown")


class TranscriptFormatError(ValueError):
    """An imported transcript that cannot be read; the message says where and why."""


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    text: str
    probability: float = 1.0


_SPLIT_HYPHEN = re.compile(r"(?<=\w) -(?=\w)")
_SPLIT_NUMBER = re.compile(r"(?<=\d) (?=\.\d)")


@lru_cache(maxsize=512)
def _heard_pattern(heard: str) -> re.Pattern[str]:
    words = r"[\s-]+".join(re.escape(w) for w in heard.split())
    return re.compile(rf"(?<![\w-])-?{words}(?!\w)", re.IGNORECASE)


@dataclass
class Segment:
    id: str
    start: float
    end: float
    speaker: Speaker
    text: str
    words: list[Word] = field(default_factory=list)
    clinical_text: str | None = None
    speaker_confidence: float | None = None
    # Known mishearings read back in `clinical_text` ({"heard": ..., "read_as": ...}; scribe.corrections).
    corrections: list[dict[str, str]] = field(default_factory=list)

    @property
    def read_text(self) -> str:
        """The verbatim text with known mishearings read back and split words rejoined (numbers as spoken).

        What a statement quotes: the words as said, except where the recogniser is known to write
        a clinical word as another one (the segment's `corrections` say which).
        """
        text, pos = self.text, 0
        for c in self.corrections:
            m = _heard_pattern(c["heard"]).search(text, pos)
            if m is None:
                continue
            said = m.group(0).lstrip("-")
            read = c["read_as"].capitalize() if said[:1].isupper() else c["read_as"]
            text = text[: m.start()] + read + text[m.end():]
            pos = m.start() + len(read)
        # "self -care", "16 .4 seconds": a word or a number the recogniser split
        return _SPLIT_NUMBER.sub("", _SPLIT_HYPHEN.sub("-", text))

    @property
    def best_text(self) -> str:
        """The written clinical form when one was made, else the verbatim text."""
        return self.clinical_text or self.text

    def to_dict(self, with_words: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "start": round(self.start, 2),
            "end": round(self.end, 2),
            "speaker": self.speaker,
            "text": self.text,
        }
        if self.clinical_text and self.clinical_text != self.text:
            out["clinical_text"] = self.clinical_text
        if self.speaker_confidence is not None:
            out["speaker_confidence"] = round(self.speaker_confidence, 3)
        if self.corrections:
            out["corrections"] = [dict(c) for c in self.corrections]
        if with_words and self.words:
            out["words"] = [asdict(w) for w in self.words]
        return out


@dataclass
class Transcript:
    segments: list[Segment]
    duration_s: float
    model: str
    language: str = "en"

    def to_dict(self, with_words: bool = False) -> dict[str, Any]:
        return {
            "duration_s": round(self.duration_s, 2),
            "model": self.model,
            "language": self.language,
            "segments": [s.to_dict(with_words) for s in self.segments],
        }

    def segment(self, seg_id: str) -> Segment:
        for s in self.segments:
            if s.id == seg_id:
                return s
        raise KeyError(seg_id)


_SPEAKER_ALIASES: dict[str, Speaker] = {
    "therapist": "therapist",
    "t": "therapist",
    "pt": "therapist",
    "ot": "therapist",
    "slp": "therapist",
    "clinician": "therapist",
    "pta": "therapist",
    "cota": "therapist",
    "client": "client",
    "p": "client",
    "patient": "client",
    "c": "caregiver",
    "caregiver": "caregiver",
    "family": "caregiver",
    "parent": "caregiver",
    "unknown": "unknown",
    "?": "unknown",
}

_TAGGED_LINE = re.compile(r"^\s*\[(?P<tag>[^\]]+)\]\s*(?P<text>.*)$")
_COLON_LINE = re.compile(r"^\s*(?P<tag>[A-Za-z?]{1,12})\s*:\s*(?P<text>.+)$")
# Imported plain text has no times; give each line a nominal duration proportional to its words
# so evidence still orders and durations still add up.
_SECONDS_PER_WORD = 0.4


def _speaker(tag: str, lineno: int) -> Speaker:
    key = tag.strip().lower()
    if key not in _SPEAKER_ALIASES:
        raise TranscriptFormatError(f"line {lineno}: unknown speaker tag [{tag}]")
    return _SPEAKER_ALIASES[key]


def parse_plain_text(text: str) -> Transcript:
    """`[therapist] ...` / `[client] ...` lines (or `T: ...`); untagged lines continue the last turn.

    Each segment gets the same written clinical form the audio pipeline gives its segments, so a
    note drafted from a typed transcript reads its numbers exactly as one drafted from audio.
    """
    from scribe.normalize import normalize_clinical  # scribe.normalize imports this module's Word

    segments: list[Segment] = []
    t = 0.0
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        m = _TAGGED_LINE.match(line) or _COLON_LINE.match(line)
        if m and (m.group("tag").strip().lower() in _SPEAKER_ALIASES or m.re is _TAGGED_LINE):
            speaker = _speaker(m.group("tag"), lineno)
            body = m.group("text").strip()
        elif segments:
            speaker = segments[-1].speaker
            body = line
        else:
            speaker = "unknown"
            body = line
        if not body:
            continue
        dur = max(0.5, len(body.split()) * _SECONDS_PER_WORD)
        segments.append(
            Segment(
                id=f"s{len(segments)}", start=round(t, 2), end=round(t + dur, 2), speaker=speaker, text=body,
                clinical_text=normalize_clinical(body),
            )
        )
        t += dur + 0.3
    if not segments:
        raise TranscriptFormatError("the transcript has no text")
    return Transcript(segments=segments, duration_s=round(t, 2), model="imported")


def from_dict(data: dict[str, Any]) -> Transcript:
    """The transcript JSON (as `transcribe --json` prints it, or a draft's `transcript` key)."""
    if "transcript" in data and isinstance(data["transcript"], dict):
        data = data["transcript"]
    raw_segments = data.get("segments")
    if not isinstance(raw_segments, list) or not raw_segments:
        raise TranscriptFormatError("transcript JSON needs a non-empty 'segments' list")
    segments: list[Segment] = []
    for i, s in enumerate(raw_segments):
        if not isinstance(s, dict) or not isinstance(s.get("text"), str):
            raise TranscriptFormatError(f"segment {i}: needs a 'text' string")
        try:
            start = float(s.get("start", 0.0))
            end = float(s.get("end", start))
        except (TypeError, ValueError) as exc:
            raise TranscriptFormatError(f"segment {i}: start/end must be numbers") from exc
        speaker = str(s.get("speaker", "unknown")).lower()
        if speaker not in SPEAKERS:
            speaker = _SPEAKER_ALIASES.get(speaker, "unknown")
        words = [
            Word(float(w["start"]), float(w["end"]), str(w["text"]), float(w.get("probability", 1.0)))
            for w in s.get("words", [])
            if isinstance(w, dict)
        ]
        segments.append(
            Segment(
                id=str(s.get("id", f"s{i}")),
                start=start,
                end=end,
                speaker=cast(Speaker, speaker),
                text=s["text"].strip(),
                words=words,
                clinical_text=s.get("clinical_text"),
                corrections=[
                    {"heard": str(c["heard"]), "read_as": str(c["read_as"])}
                    for c in s.get("corrections") or []
                    if isinstance(c, dict) and "heard" in c and "read_as" in c
                ],
            )
        )
    duration = float(data.get("duration_s", max(s.end for s in segments)))
    return Transcript(segments=segments, duration_s=duration, model=str(data.get("model", "imported")))


def load_transcript(text: str) -> Transcript:
    """Read either form: JSON when it parses as a JSON object, tagged plain text otherwise."""
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise TranscriptFormatError(f"malformed transcript JSON: {exc.msg} at line {exc.lineno}") from exc
        if not isinstance(data, dict):
            raise TranscriptFormatError("transcript JSON must be an object")
        try:
            return from_dict(data)
        except TranscriptFormatError:
            raise
        except (KeyError, TypeError, ValueError, OverflowError) as exc:
            # A word without a time, a non-list `words`, a non-numeric duration: imported files are
            # outside input, so every malformed shape is a format error, never a crash.
            raise TranscriptFormatError(f"malformed transcript JSON ({type(exc).__name__})") from exc
    return parse_plain_text(text)
