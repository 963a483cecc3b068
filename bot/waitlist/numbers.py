"""Registration numbers: `INS-` and six digits, typed loosely by parents."""

import re

_LOOSE = re.compile(r"^\s*ins[\s\-_.]*(\d{6})\s*$", re.IGNORECASE)


def normalize_registration_number(text: str) -> str | None:
    """`ins004217`, `INS 004217`, `Ins-004217` → `INS-004217`; None when not six digits."""
    match = _LOOSE.match(text or "")
    return f"INS-{match.group(1)}" if match else None
