"""Which services `make run` and `make run-prod` start on this machine."""

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bot.launcher.load_balancer import nginx_binary
from bot.launcher.stack import Service, Stack, service_environment, with_secrets
from bot.settings import Settings


def started(**settings: str) -> list[str]:
    stack = Stack(Settings(_env_file=None, **settings), Path(".venv/rasa"))
    return [service.name for service in stack.services]


def test_the_embedded_default_starts_everything() -> None:
    assert started() == ["actions", "rasa", "console", "inbound"]


def test_the_inbound_mail_receiver_is_not_started_on_port_0() -> None:
    assert started(inbound_mail_port="0") == ["actions", "rasa", "console"]


def test_an_action_server_on_another_machine_is_not_started_here() -> None:
    remote = started(action_endpoint_url="http://10.0.0.7:5055/webhook")
    assert remote == ["rasa", "console", "inbound"]


def test_an_explicit_local_action_endpoint_still_starts_it() -> None:
    assert "actions" in started(action_endpoint_url="http://127.0.0.1:5055/webhook")


POSTGRES = "postgresql+psycopg://placement@db:5432/placement"


def production(only: frozenset[str] = frozenset(), **settings: str) -> Stack:
    return Stack(
        Settings(_env_file=None, database_url=POSTGRES, **settings),
        Path(".venv/rasa"),
        "production",
        only,
    )


def test_the_production_profile_starts_two_of_each_behind_nginx() -> None:
    stack = production()
    names = [service.name for service in stack.services]
    assert names == [
        "actions-1",
        "actions-2",
        "rasa-1",
        "rasa-2",
        "nginx",
        "console",
        "events",
        "inbound",
    ]
    ports = [service.env.get("ACTION_PORT") for service in stack.services[:2]]
    assert ports == ["5056", "5057"]
    assert [s.command[s.command.index("--port") + 1] for s in stack.services[2:4]] == [
        "5006",
        "5007",
    ]
    # one TensorFlow thread each: the profile runs a Rasa process per core
    assert stack.services[2].env["TF_INTRA_OP_PARALLELISM_THREADS"] == "1"
    # the console and the action endpoint reach the processes through nginx
    assert stack.settings.rasa_port == 5005
    assert stack.settings.resolved_action_endpoint_url == "http://127.0.0.1:5055/webhook"


def test_only_the_rasa_processes_behind_nginx_believe_its_forwarded_header() -> None:
    """The REST channel's "this machine" is nginx's client; the console, which nginx does
    not front, and uvicorn's own default believe no forwarded header."""
    stack = production()
    trusted = {s.name: s.env.get("FORWARDED_ALLOW_IPS") for s in stack.services}
    assert trusted["rasa-1"] == trusted["rasa-2"] == "127.0.0.1"
    assert trusted["console"] is None and trusted["actions-1"] is None
    (console,) = [s for s in stack.services if s.name == "console"]
    assert "--no-proxy-headers" in console.command
    wildcard = production(host="0.0.0.0", only=frozenset({"rasa"}))  # noqa: S104
    assert wildcard.services[0].env["FORWARDED_ALLOW_IPS"] == "127.0.0.1,::1"
    named = production(forwarded_allow_ips="10.0.0.1", only=frozenset({"rasa"}))
    assert named.services[0].env["FORWARDED_ALLOW_IPS"] == "10.0.0.1"


def test_the_production_profile_shares_through_postgresql_and_redis() -> None:
    settings = production().settings
    assert settings.lock_store_type == "redis"
    assert settings.tracker_store_url == "postgresql+psycopg2://placement@db:5432/placement"
    own = production(tracker_store_url="postgresql://rasa@other/rasa").settings
    assert own.tracker_store_url == "postgresql://rasa@other/rasa"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"database_url": ""}, "needs PostgreSQL"),
        ({"tracker_store_url": "sqlite:///rasa.db"}, "TRACKER_STORE_URL"),
        ({"rasa_process_ports": "5006,x"}, "RASA_PROCESS_PORTS"),
        ({"action_process_ports": "5056,5056"}, "ACTION_PROCESS_PORTS"),
    ],
)
def test_the_production_profile_refuses_what_cannot_be_shared(
    settings: dict[str, str], message: str
) -> None:
    given = {"database_url": POSTGRES, **settings}
    with pytest.raises(SystemExit, match=message):
        Stack(Settings(_env_file=None, **given), Path(".venv/rasa"), "production")


def test_nginx_gets_a_configuration_for_the_processes(tmp_path: Path) -> None:
    stack = production(var_dir=str(tmp_path), rasa_process_ports="7001,7002,7003")
    (nginx,) = [s for s in stack.services if s.name == "nginx"]
    (config,) = nginx.files.values()
    assert "listen 127.0.0.1:5005;" in config and "listen 127.0.0.1:5055;" in config
    assert config.count("server 127.0.0.1:7003") == 2  # HTTP routes and socket.io
    assert "hash $remote_addr consistent" in config  # socket.io's polling stays put
    assert "$args" not in config and "$request " not in config  # no token in the log


@pytest.mark.integration  # runs nginx -t
def test_nginx_accepts_the_configuration(tmp_path: Path) -> None:
    binary = nginx_binary()
    if binary is None:
        pytest.skip("nginx is not installed")
    (nginx,) = [s for s in production(var_dir=str(tmp_path)).services if s.name == "nginx"]
    for path, content in nginx.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    checked = subprocess.run([*nginx.command, "-t"], capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr


def test_every_action_server_gets_the_same_key_for_one_time_codes(tmp_path: Path) -> None:
    settings = with_secrets(Settings(_env_file=None, var_dir=tmp_path, code_secret=""))
    assert settings.code_secret
    assert service_environment(settings)["CODE_SECRET"] == settings.code_secret


def test_one_machine_runs_only_its_parts_of_a_spread_profile() -> None:
    rasa_host = production(host="10.0.0.2", rasa_process_ports="5006", only=frozenset({"rasa"}))
    (rasa,) = rasa_host.services
    assert rasa.name == "rasa-1"
    assert rasa.command[rasa.command.index("--interface") + 1] == "10.0.0.2"
    actions = production(
        action_host="10.0.0.4", action_process_ports="5056", only=frozenset({"actions"})
    )
    assert [(s.name, s.env) for s in actions.services] == [
        ("actions-1", {"ACTION_HOST": "10.0.0.4", "ACTION_PORT": "5056"})
    ]
    assert actions.services[0].health_url == "http://10.0.0.4:5056/health"
    with pytest.raises(SystemExit, match="no such part: db"):
        production(only=frozenset({"rasa", "db"}))


def test_nginx_spreads_over_processes_on_other_machines(tmp_path: Path) -> None:
    front = production(
        var_dir=str(tmp_path),
        rasa_process_ports="10.0.0.2:5005,10.0.0.3:5005",
        action_process_ports="10.0.0.4:5055,10.0.0.5:5055",
        only=frozenset({"nginx", "console", "events"}),
    )
    assert [s.name for s in front.services] == ["nginx", "console", "events"]
    (config,) = front.services[0].files.values()
    for address in ("10.0.0.2:5005", "10.0.0.3:5005"):
        assert config.count(f"server {address} ") == 2
    assert "server 10.0.0.5:5055 " in config


@pytest.mark.integration  # runs subprocesses
def test_a_service_that_stops_is_started_again(tmp_path: Path) -> None:
    stack = Stack(Settings(_env_file=None, var_dir=tmp_path), Path(".venv/rasa"))
    sleeper = [sys.executable, "-c", "import time; time.sleep(120)"]
    stack.services = [Service("worker", sleeper, None), Service("other", sleeper, None)]
    stack.start()
    supervisor = threading.Thread(target=stack.supervise, args=(0.05,), daemon=True)
    supervisor.start()
    try:
        first = stack.services[0].process
        other = stack.services[1].process
        assert first is not None
        first.kill()
        deadline = time.monotonic() + 10
        while stack.services[0].process is first and time.monotonic() < deadline:
            time.sleep(0.05)
        assert stack.services[0].process is not first
        assert stack.services[0].process.poll() is None  # running again
        assert stack.services[1].process is other  # the others were left alone
        assert stack.restarts == {"worker": 1}
    finally:
        stack.stop()
        supervisor.join(timeout=5)
    assert not supervisor.is_alive()
    assert all(s.process and s.process.poll() is not None for s in stack.services)
