"""What must be true of a note's content before anyone may sign it.

Pull-forward copies text from the last signed note marked `confirmed: false`; signing it unread
would attest to care that may not have happened this visit, so signing waits until the therapist
has confirmed, changed or removed every such item.
"""

from __future__ import annotations

from typing import Any


def unconfirmed_items(content: Any) -> list[tuple[int, str]]:
    """(position from 1, section or "") of each pulled-forward item still `confirmed: false` (draft/1)."""
    if not isinstance(content, dict):
        return []
    items = content.get("pulled_forward") or []
    if not isinstance(items, list):
        return []
    return [
        (i, str(item.get("section") or ""))
        for i, item in enumerate(items, start=1)
        if isinstance(item, dict) and item.get("confirmed") is False
    ]


def unconfirmed_pulled_forward(content: Any) -> int:
    """How many pulled-forward items still carry `confirmed: false` (draft/1 `pulled_forward`)."""
    return len(unconfirmed_items(content))


def sign_blocker(content: Any) -> str | None:
    """None when the content may be signed; else the reason, in words the author can act on.

    The items are named by position in `pulled_forward` (the order the review screen lists them)
    and section, "item 2 (plan)", not by their text: error bodies carry no clinical content.
    """
    pending = unconfirmed_items(content)
    if pending:
        n = len(pending)
        items = "item" if n == 1 else "items"
        verb = "is" if n == 1 else "are"
        named = ", ".join(
            f"item {i} ({section.replace('_', ' ')})" if section else f"item {i}" for i, section in pending
        )
        return (
            f"{n} pulled-forward {items} from the last note {verb} not confirmed: {named}; "
            "confirm, change or remove each before signing"
        )
    return None
