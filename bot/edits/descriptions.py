"""Where each editable text is used, in head office's words (text_descriptions.yml): the
console's text list shows it beside the key and searches it."""

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DESCRIPTIONS_FILE = Path(__file__).with_name("text_descriptions.yml")


@lru_cache
def load() -> dict[str, Any]:
    return yaml.safe_load(DESCRIPTIONS_FILE.read_text(encoding="utf-8"))


def of_text(key: str) -> str:
    return load()["texts"].get(key, "")


def of_mail(path: str) -> str:
    """An update mail's part: "welcome.subject", "estimate_moved.later.body"."""
    moment, *case, part = path.split(".")
    words = load()["mails"].get(moment, moment)
    if case:
        words += f" ({load()['mail_cases'].get(case[0], case[0])})"
    return f"{words}, {load()['mail_parts'].get(part, part)}"


def of_button(key: str) -> str:
    return load()["buttons"].get(key, "")


def of_fact(key: str) -> str:
    return load()["facts"].get(key, "")
