"""What must be true of a note's content before anyone may sign it.

Pull-forward copies text from the last signed note marked `confirmed: false`; signing it unread
would attest to care that may not have happened this visit, so signing waits until the therapist
has confirmed, changed or removed every such item.
"""

from __future__ import annotations

from typing import Any


def unconfirmed_pulled_forward(content: Any) -> int:
    """How many pulled-forward items still carry `confirmed: false` (draft/1 `pulled_forward`)."""
    if not isinstance(content, dict):
        return 0
    items = content.get("pulled_forward") or []
    if not isinstance(items, list):
        return 0
    return sum(1 for item in items if isinstance(item, dict) and item.get("confirmed") is False)


def sign_blocker(content: Any) -> str | None:
    """None when the content may be signed; else the reason, in words the author can act on."""
    n = unconfirmed_pulled_forward(content)
    if n:
        items = "item" if n == 1 else "items"
        verb = "is" if n == 1 else "are"
        return (
            f"{n} pulled-forward {items} from the last note {verb} not confirmed; "
            "confirm, change or remove each before signing"
        )
    return None
