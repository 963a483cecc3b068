"""The parent's 1-5 score after a hand-back, with whatever they wrote after the number."""

import re

SCORE = re.compile(
    r"^\s*([1-5])(?!\d)(?![,.]\d)\s*(?:/\s*5|van\s+(?:de\s+)?5)?\s*[-–:,.;!)]*\s*(.*)$",
    re.IGNORECASE | re.DOTALL,
)
MAX_COMMENT = 1000


def parse_score(text: str) -> tuple[int, str] | None:
    """ "4, snel geholpen" → (4, "snel geholpen"); "5" → (5, ""); None without a score."""
    match = SCORE.match(text or "")
    if match is None:
        return None
    return int(match.group(1)), " ".join(match.group(2).split())[:MAX_COMMENT]
