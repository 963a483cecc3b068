"""Set-up needs Python 3.10 and says so in one line when it is missing."""

import subprocess

import pytest

from tests.support.stack import ROOT

pytestmark = pytest.mark.integration  # runs make and the Python finder


def test_missing_python310_fails_with_one_line(tmp_path) -> None:
    result = subprocess.run(
        ["make", "--no-print-directory", "envs", f"VENVS={tmp_path / 'venvs'}"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if not line.startswith("make:")]
    assert len(errors) == 1, result.stderr
    assert "Python 3.10" in errors[0]
    assert "Traceback" not in result.stderr


def test_finds_python310_through_pyenv() -> None:
    found = subprocess.run(
        [str(ROOT / "scripts" / "find-python310")], capture_output=True, text=True, check=True
    ).stdout.strip()
    version = subprocess.run([found, "--version"], capture_output=True, text=True).stdout
    assert version.startswith("Python 3.10")
