"""Co-signature requirements as data: who may author what, and who must co-sign whose notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

RULES_FILE = Path(__file__).with_name("cosign_rules.yaml")


class RulesFileError(ValueError):
    pass


@dataclass(frozen=True)
class RoleRule:
    role: str
    discipline: str
    licensed: bool
    cosigned_by: str | None


@dataclass(frozen=True)
class SupervisionLink:
    supervisor_id: str
    assistant_id: str
    start: date
    end: date | None = None

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@lru_cache(maxsize=1)
def load_rules(path: Path = RULES_FILE) -> tuple[dict[str, RoleRule], frozenset[str], dict[str, Any]]:
    data = yaml.safe_load(path.read_text())
    roles: dict[str, RoleRule] = {}
    for name, spec in (data.get("roles") or {}).items():
        for key in ("discipline", "licensed"):
            if key not in spec:
                raise RulesFileError(f"{path.name}: roles.{name}.{key}: required")
        cos = spec.get("cosigned_by")
        if not spec["licensed"] and not cos:
            raise RulesFileError(f"{path.name}: roles.{name}.cosigned_by: required for an unlicensed role")
        roles[name] = RoleRule(name, spec["discipline"], bool(spec["licensed"]), cos)
    for name, r in roles.items():
        if r.cosigned_by and r.cosigned_by not in roles:
            raise RulesFileError(f"{path.name}: roles.{name}.cosigned_by: unknown role {r.cosigned_by!r}")
    return roles, frozenset(data.get("licensed_only_note_types", [])), data.get("payers", {})


def role_rule(role: str) -> RoleRule:
    roles, _, _ = load_rules()
    if role not in roles:
        raise RulesFileError(f"unknown clinical role {role!r}")
    return roles[role]


def role_key(role: str) -> str:
    """The rules file's name for a stored role ("SLP-CF" -> "slp_cf", "PTA" -> "pta")."""
    return role.strip().lower().replace("-", "_")


def discipline_key(discipline: str) -> str:
    return discipline.strip().lower()


def requires_cosign(author_role: str, payer: str | None = None) -> bool:
    _, _, payers = load_rules()
    override = (payers.get(payer or "", {}) or {}).get("requires_cosign", {})
    if author_role in override:
        return bool(override[author_role])
    return role_rule(author_role).cosigned_by is not None


def may_author(author_role: str, note_type: str, discipline: str) -> str | None:
    """None when allowed; else the reason a person reads."""
    rule = role_rule(author_role)
    _, licensed_only, _ = load_rules()
    if rule.discipline != discipline:
        return f"a {author_role.upper()} cannot author a {discipline.upper()} note"
    if note_type in licensed_only and not rule.licensed:
        kind = note_type.replace("_", " ")
        return f"only the licensed therapist may author a {kind}; a {author_role.upper()} cannot"
    return None


def may_cosign(
    author_role: str,
    author_id: str,
    cosigner_role: str,
    cosigner_id: str,
    discipline: str,
    note_date: date,
    links: list[SupervisionLink],
) -> str | None:
    """None when this person may co-sign this note; else why not."""
    needed = role_rule(author_role).cosigned_by
    if needed is None:
        return "this note does not need a co-signature"
    if cosigner_id == author_id:
        return "an author cannot co-sign their own note"
    cos = role_rule(cosigner_role)
    if cosigner_role != needed or cos.discipline != discipline or not cos.licensed:
        return f"a {author_role.upper()} note must be co-signed by a licensed {needed.upper()}"
    if not any(
        link.supervisor_id == cosigner_id and link.assistant_id == author_id and link.active_on(note_date)
        for link in links
    ):
        return "the co-signer has no active supervision link with the author on the note's date"
    return None
