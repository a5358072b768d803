"""Note templates as data: which note types exist per discipline and what each must contain."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

TEMPLATE_FILE = Path(__file__).parent / "templates" / "templates.yaml"


class TemplateError(ValueError):
    pass


@dataclass(frozen=True)
class Template:
    id: str  # e.g. "pt_daily"
    discipline: str
    note_type: str
    label: str
    required: tuple[str, ...]


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    data = yaml.safe_load(TEMPLATE_FILE.read_text())
    for key in ("note_types", "disciplines", "elements"):
        if not isinstance(data.get(key), dict):
            raise TemplateError(f"{TEMPLATE_FILE.name}: '{key}' must be a mapping")
    for nt, spec in data["note_types"].items():
        for el in spec.get("required", []):
            if el not in data["elements"]:
                raise TemplateError(f"{TEMPLATE_FILE.name}: note_types.{nt}.required: unknown element {el!r}")
    return data


def get_template(discipline: str, note_type: str) -> Template:
    data = _data()
    disc = data["disciplines"].get(discipline)
    if disc is None:
        raise TemplateError(f"unknown discipline {discipline!r}")
    if note_type not in disc["note_types"]:
        raise TemplateError(f"{discipline} has no {note_type!r} template")
    spec = data["note_types"][note_type]
    return Template(
        f"{discipline}_{note_type}",
        discipline,
        note_type,
        f"{disc['label']}: {spec['label']}",
        tuple(spec["required"]),
    )


def element_label(element: str) -> str:
    return str(_data()["elements"][element])
