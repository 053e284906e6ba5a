"""Which return kinds the office tracks. A kind it does not collect (an office whose upazilas
send no minutes) is switched off: `check`, its cron exit status, `check history`, `remind` and
the summary leave it out, and say so when it is asked for by name. Its returns already in stay.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ngocoord.errors import Invalid
from ngocoord.register import returns
from ngocoord.store import audit

if TYPE_CHECKING:
    from sqlmodel import Session

    from ngocoord.store.models import ReturnKind


def tracked(session: Session) -> list[ReturnKind]:
    """The kinds switched on, in the order `return kinds` lists them."""
    return [k for k in returns.kinds(session) if k.enabled]


def tracked_kind(session: Session, name: str) -> ReturnKind:
    """The kind named, refused when it is switched off."""
    found = returns.kind(session, name)
    if not found.enabled:
        raise Invalid(
            f"The return kind {found.name} is switched off; this office does not track it.",
            f"Switch it on with `ngocoord return enable-kind {found.name}`.",
        )
    return found


def switch(session: Session, name: str, enabled: bool) -> bool:
    """Switch a kind on or off (audited); False when it already was."""
    found = returns.kind(session, name)
    if found.enabled == enabled:
        return False
    audit.record(
        session,
        "return_kind",
        found.name,
        "update",
        {"enabled": found.enabled},
        {"enabled": enabled},
    )
    found.enabled = enabled
    return True
