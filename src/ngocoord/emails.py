"""E-mail addresses as the office and the NGOs write them: one pattern wherever one enters."""

from __future__ import annotations

import re

EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")


def is_email(value: str) -> bool:
    """Whether `value`, as given (no spaces around it), is one address like name@example.gov.bd."""
    return EMAIL_RE.fullmatch(value) is not None
