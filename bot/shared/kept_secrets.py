"""Secrets that must outlive a restart when none is configured: made once, kept in a file
of var_dir readable by its owner only, and read by every service of the machine."""

import secrets
from pathlib import Path


def kept_secret(var_dir: Path, name: str) -> str:
    path = var_dir / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()
