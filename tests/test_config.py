"""One definition of the settings (bot/shared/config.py), read alike by both environments: the
Rasa process (plain `bot.shared.config.read`, in .venv/rasa) and the application (`Settings`,
pydantic-settings, in .venv/app) see the same values in the same environment."""

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from bot.launcher.stack import service_environment
from bot.settings import PROJECT_ROOT, Settings
from bot.shared.config import RASA_GROUPS, Channels, Config, environment, leaves, read

RASA_PYTHON = PROJECT_ROOT / ".venv" / "rasa" / "bin" / "python"
READ_IN_RASA = (
    "import json; from bot.shared.config import Config, environment, read; "
    "print(json.dumps(environment(read(Config))))"
)


def other_value(kind: type, default: Any, name: str, var_dir: Path) -> str:
    """A value unlike the default, as the variable's text."""
    if kind is bool:
        return "off" if default else "Yes"
    if kind is int:
        return str(default + 7)
    if kind is float:
        return str(default + 0.25)
    if kind is Path:
        return str(var_dir)
    return f"{name}-given"


def clean_environment() -> dict[str, str]:
    """This process's environment without any setting's variable."""
    names = {leaf.name for leaf in leaves(Config)}
    return {key: value for key, value in os.environ.items() if key.lower() not in names}


def read_in_rasa(env: dict[str, str], cwd: Path) -> dict[str, str]:
    if not RASA_PYTHON.exists():
        pytest.skip("no Rasa environment (.venv/rasa)")
    env = {**env, "PYTHONPATH": str(PROJECT_ROOT)}
    answer = subprocess.run(
        [str(RASA_PYTHON), "-c", READ_IN_RASA],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(answer.stdout)


def read_in_app(env: dict[str, str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.chdir(cwd)  # no .env there
    for key in list(os.environ):
        monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return environment(Settings().config)


@pytest.mark.integration  # a subprocess in the Rasa environment
@pytest.mark.parametrize("given", ["defaults", "every setting"])
def test_both_environments_read_the_same_settings(
    given: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = clean_environment()
    values = {
        leaf.name.upper(): other_value(leaf.type, leaf.default, leaf.name, tmp_path)
        for leaf in leaves(Config)
    }
    if given == "every setting":
        env.update(values)
    in_rasa = read_in_rasa(env, tmp_path)
    in_app = read_in_app(env, tmp_path, monkeypatch)
    assert in_rasa == in_app
    assert in_app == environment(Config() if given == "defaults" else read(Config, values))
    if given == "every setting":
        assert all(in_app[name] != default for name, default in environment(Config()).items())


def test_variable_names_are_the_settings_names_in_capitals() -> None:
    names = [leaf.name for leaf in leaves(Config)]
    assert len(names) == len(set(names))
    assert set(Settings.model_fields) == set(names)
    channels = read(Channels, {"whatsapp_api_url": "http://x", "WEBSITE_ENABLED": "false"})
    assert channels.whatsapp.api_url == "http://x" and not channels.website.enabled
    with pytest.raises(ValueError, match="REDIS_PORT"):
        read(Config, {"REDIS_PORT": "many"})


def test_the_services_get_the_groups_the_rasa_process_reads(tmp_path: Path) -> None:
    settings = Settings(var_dir=tmp_path, whatsapp_app_secret="s", rest_token="t")
    env = service_environment(settings)
    seen = read(Config, env)
    for name in RASA_GROUPS:
        assert environment(getattr(seen, name)).items() <= env.items()
    assert seen.channels.whatsapp == settings.channels.whatsapp
    assert seen.storage.database_url == settings.resolved_database_url
    assert seen.servers.action_endpoint_url == settings.resolved_action_endpoint_url
    assert seen.channels.website.session_secret  # made once and kept in var_dir
    assert "SMTP_PASSWORD" not in env or env["SMTP_PASSWORD"] == os.environ["SMTP_PASSWORD"]
