"""Goals, pull-forward and progress reports across visits, through the HTTP API with spoken audio.

A PT knee episode gets a bank goal (right knee flexion, baseline 90°, target 115°). Each visit is
recorded as the tablet does it (session, chunked upload, complete); the transcription task runs in
process (the real tiny.en model on espeak-ng speech) and the draft is read back through the notes
API. The figures asserted are worked out by hand from the goal and the spoken measurement:

    percent of the way = (current - baseline) / (target - baseline)
    95° -> (95 - 90) / (115 - 90) = 20 %      105° -> (105 - 90) / 25 = 60 %

Runs on SQLite and PostgreSQL (the prior-note and treatment-day queries are the backends' own SQL).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import pipeline_tasks
from settings import Settings
from tests.api.test_notes_support import sign
from tests.tablet import new_session, upload
from tests.worker.conftest import _speak

pytestmark = pytest.mark.slow

KNEE_GOAL = "pt.rom.ltg.01"  # "Client will achieve {side} knee flexion of {target} of active range ..."
FACTORY_GOAL = "Ambulate 150 feet independently"  # every factory episode has it; no measurable metric

VISIT_95 = [
    ("T", "Good morning. How is your knee today?"),
    ("P", "It is a little sore, three out of ten."),
    ("T", "Your knee flexion is ninety five degrees today."),
    ("T", "We did therapeutic exercise with heel slides for twenty minutes."),
    (
        "T",
        "For the plan, we will continue the home exercise program "
        "and progress to the stationary bike next visit.",
    ),
]
VISIT_105 = [
    ("T", "Good morning. How is your knee today?"),
    ("P", "Better, the pain is two out of ten."),
    ("T", "Your knee flexion is one hundred five degrees today."),
    ("T", "We did therapeutic exercise with step ups for twenty minutes."),
]


@pytest.fixture
def pt(login: Callable[[str], dict[str, str]], clinic: dict[str, Any]) -> dict[str, str]:
    return login("pt.one")


KneeEpisode = tuple[int, dict[str, Any]]


@pytest.fixture
def knee_episode(client: TestClient, clinic: dict[str, Any], pt: dict[str, str]) -> KneeEpisode:
    """pt.one's knee episode with the bank flexion goal added through the API: (episode id, goal)."""
    episode_id = int(clinic["own"].id)
    response = client.post(
        f"/api/episodes/{episode_id}/goals",
        json={"bank_goal_id": KNEE_GOAL, "baseline": 90, "target": 115, "side": "right"},
        headers=pt,
    )
    assert response.status_code == 201, response.text
    goal: dict[str, Any] = response.json()
    assert (goal["baseline"], goal["target"], goal["unit"]) == ("90°", "115°", "deg")
    return episode_id, goal


def recorded_visit(
    client: TestClient, headers: dict[str, str], settings: Settings, episode_id: int, day: date, wav: Path
) -> dict[str, Any]:
    """Record and upload a visit as the tablet does, run the transcription task, return the draft note."""
    session_id, rid = upload(client, headers, episode_id, wav.read_bytes(), day=day, chunk_bytes=65536)

    assert pipeline_tasks.run_transcription(rid, settings) == "transcribed"  # the worker's task body

    state = client.get(f"/api/recordings/{rid}", headers=headers).json()
    assert state["status"] == "transcribed", state["failure_reason"]
    note = client.get(f"/api/notes/{state['note_id']}", headers=headers)
    assert note.status_code == 200, note.text
    body: dict[str, Any] = note.json()
    assert body["therapy_session_id"] == session_id
    assert (body["status"], body["version"]) == ("draft", 1)
    return body


def goal_entry(content: dict[str, Any], text: str) -> dict[str, Any]:
    found = [g for g in content["goals"] if g["text"] == text]
    assert len(found) == 1, [g["text"] for g in content["goals"]]
    return found[0]


def test_second_draft_pulls_forward_unconfirmed_goals_and_plan_and_signing_waits_for_them(
    client: TestClient, pt: dict[str, str], knee_episode: KneeEpisode, settings: Settings, tmp_path: Path
) -> None:
    episode_id, goal = knee_episode
    today = date.today()

    # --- visit 1: knee flexion 95° ----------------------------------------------------------
    first = recorded_visit(
        client, pt, settings, episode_id, today - timedelta(days=7), _speak(VISIT_95, tmp_path / "v1.wav")
    )
    c1 = first["content"]
    assert c1["pulled_forward"] == []  # nothing signed before it
    assert (first["note_type"], c1["note"]["template"]) == ("daily", "pt_daily")  # treatment day 1
    assert "progress_report" not in c1
    knee1 = goal_entry(c1, goal["text"])
    assert knee1["goal_id"] == KNEE_GOAL
    assert (knee1["current"], knee1["baseline"], knee1["target"]) == (95.0, 90.0, 115.0)
    assert knee1["percent"] == 20.0
    assert knee1["previous"] == 90.0  # no earlier visit: compared with the baseline
    assert knee1["status"] == "progressing"
    assert knee1["sentence"] == "Knee flexion 95°: 20% of the way from 90° to 115°; progressing, up from 90°."
    assert knee1["evidence"]
    assert knee1["source"] == "transcript"
    plan1 = [s["text"] for s in c1["note"]["sections"]["plan"]]
    assert plan1, c1["note"]["sections"]
    signed = sign(client, pt, first["id"])
    assert signed.status_code == 200, signed.text
    assert signed.json()["status"] == "final"

    # --- visit 2, new audio: knee flexion 105° -----------------------------------------------
    second = recorded_visit(client, pt, settings, episode_id, today, _speak(VISIT_105, tmp_path / "v2.wav"))
    c2 = second["content"]
    assert second["note_type"] == "daily"  # treatment day 2: no progress report yet
    knee2 = goal_entry(c2, goal["text"])
    assert (knee2["current"], knee2["baseline"], knee2["target"]) == (105.0, 90.0, 115.0)
    assert knee2["percent"] == 60.0
    assert knee2["previous"] == 95.0  # last visit's value, from the signed first note
    assert knee2["status"] == "progressing"
    assert (
        knee2["sentence"] == "Knee flexion 105°: 60% of the way from 90° to 115°; progressing, up from 95°."
    )
    # The goal nobody measured keeps its status and says where it came from.
    other = goal_entry(c2, FACTORY_GOAL)
    assert (other["source"], other["addressed_this_visit"]) == ("prior_note", False)

    pulled = c2["pulled_forward"]
    assert pulled
    assert all(p["confirmed"] is False and p["source"] == "prior_note" for p in pulled)
    pulled_goals = [p for p in pulled if p["section"] == "goals"]
    assert sorted(p["text"] for p in pulled_goals) == sorted([goal["text"], FACTORY_GOAL])
    assert next(p for p in pulled_goals if p["goal_id"] == KNEE_GOAL)["last_status"] == "progressing"
    assert [p["text"] for p in pulled if p["section"] == "plan"] == plan1

    # --- signing waits until every pulled-forward item is confirmed ------------------------------
    refused = sign(client, pt, second["id"])
    assert refused.status_code == 422, refused.text
    detail = refused.json()["detail"]
    assert detail.startswith(f"{len(pulled)} pulled-forward items from the last note are not confirmed: ")
    for i, item in enumerate(pulled, start=1):
        assert f"item {i} ({item['section']})" in detail
    assert detail.endswith("confirm, change or remove each before signing")
    assert goal["text"] not in detail
    assert plan1[0] not in detail
    assert client.get(f"/api/notes/{second['id']}", headers=pt).json()["status"] == "draft"

    # Confirming one item is not enough; the message then names only what is left.
    c2_some = {**c2, "pulled_forward": [{**p, "confirmed": i == 0} for i, p in enumerate(pulled)]}
    edited = client.patch(f"/api/notes/{second['id']}", json={"version": 1, "content": c2_some}, headers=pt)
    assert edited.status_code == 200, edited.text
    still = sign(client, pt, second["id"], version=2)
    assert still.status_code == 422
    assert "item 1 (" not in still.json()["detail"]
    assert f"item {len(pulled)} (" in still.json()["detail"]

    # The tablet confirms by editing the note (a new version) with each item marked confirmed.
    c2_all = {**c2, "pulled_forward": [{**p, "confirmed": True} for p in pulled]}
    edited = client.patch(f"/api/notes/{second['id']}", json={"version": 2, "content": c2_all}, headers=pt)
    assert edited.status_code == 200, edited.text
    assert edited.json()["version"] == 3
    done = sign(client, pt, second["id"], version=3)
    assert done.status_code == 200, done.text
    final = done.json()
    assert final["status"] == "final"
    assert [(s["meaning"], s["version"], s["valid"]) for s in final["signatures"]] == [("authored", 3, True)]
    assert goal_entry(final["content"], goal["text"])["percent"] == 60.0  # the figures survive the edit


def report_content(note_type: str, goal_text: str, flexion: float | None) -> dict[str, Any]:
    """A signed earlier note's content (draft/1), as a progress report or a daily note stores it."""
    goals: list[dict[str, Any]] = [
        {"goal_id": KNEE_GOAL, "text": goal_text, "status": "progressing", "source": "transcript"}
    ]
    if flexion is not None:
        goals[0]["current"] = flexion
    return {
        "contract": "draft/1",
        "discipline": "pt",
        "note": {
            "template": f"pt_{note_type}",
            "sections": {
                "subjective": [{"text": "Reports knee pain 3/10.", "evidence": [{"segment": "s0"}]}],
                "objective": [{"text": "Knee flexion measured.", "evidence": [{"segment": "s1"}]}],
                "assessment": [],
                "plan": [
                    {
                        "text": "Continue the home exercise program.",
                        "evidence": [{"segment": "s2"}],
                        "source": "transcript",
                    }
                ],
            },
        },
        "measurements": [],
        "interventions": [{"cpt": "97110", "minutes": 25}],
        "goals": goals,
        "pulled_forward": [],
    }


def signed_note(
    client: TestClient,
    headers: dict[str, str],
    episode_id: int,
    day: date,
    note_type: str,
    content: dict[str, Any],
) -> None:
    session_id = new_session(client, headers, episode_id, day)
    created = client.post(
        "/api/notes",
        json={
            "episode_id": episode_id,
            "note_type": note_type,
            "content": content,
            "therapy_session_id": session_id,
        },
        headers=headers,
    )
    assert created.status_code == 201, created.text
    signed = sign(client, headers, created.json()["id"])
    assert signed.json()["status"] == "final", signed.text


def test_the_tenth_treatment_day_drafts_a_progress_report_with_each_goals_change_since_the_last(
    client: TestClient, pt: dict[str, str], knee_episode: KneeEpisode, settings: Settings, tmp_path: Path
) -> None:
    episode_id, goal = knee_episode
    today = date.today()
    # History, all through the API: a final progress report ten days ago measuring 92°, then nine
    # treatment days documented by final daily notes, the last of them measuring 100°.
    report_day = today - timedelta(days=10)
    signed_note(client, pt, episode_id, report_day, "progress", report_content("progress", goal["text"], 92))
    for back in range(9, 0, -1):
        flexion = 100.0 if back == 1 else None
        day = today - timedelta(days=back)
        signed_note(client, pt, episode_id, day, "daily", report_content("daily", goal["text"], flexion))

    # Today is treatment day 10 since that report: the recorded visit drafts a progress report.
    note = recorded_visit(client, pt, settings, episode_id, today, _speak(VISIT_105, tmp_path / "v10.wav"))
    content = note["content"]
    assert note["note_type"] == "progress"
    assert (content["note"]["note_type"], content["note"]["template"]) == ("progress", "pt_progress")
    assert content["note"]["title"].startswith("Physical therapy: Progress report")
    due = [w for w in content["warnings"] if w["code"] == "progress_report_due"]
    assert len(due) == 1
    assert "treatment day 10 since the last report" in due[0]["message"]

    report = content["progress_report"]
    assert (report["due"], report["treatment_day"]) == (True, 10)
    by_text = {g["text"]: g for g in report["goals"]}
    assert set(by_text) == {goal["text"], FACTORY_GOAL}
    knee = by_text[goal["text"]]
    # 92° at the report -> 105° today: +13°, toward the 115° target; 60 % of the way from 90°.
    assert (knee["earlier"], knee["current"], knee["change"]) == (92.0, 105.0, 13.0)
    assert knee["toward_target"] is True
    assert knee["since"] == "last_report"
    assert knee["percent"] == 60.0
    assert knee["sentence"] == "Knee flexion: 92° at the last report, 105° now (+13°)."
    assert by_text[FACTORY_GOAL]["sentence"] == "No measurable target; status active."
    # Visit to visit, the goal's status still compares with the last note (100°), not the report.
    knee_status = goal_entry(content, goal["text"])
    assert (knee_status["previous"], knee_status["percent"]) == (100.0, 60.0)
    assert knee_status["sentence"].endswith("progressing, up from 100°.")
    # The knee goal was measured and the factory goal has no measure: nothing is left unmeasured.
    assert not any(w["code"] == "goal_not_measured" for w in content["warnings"])
