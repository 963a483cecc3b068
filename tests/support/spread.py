"""The production profile spread over machines as docs/deploy.md describes it, on this
one: two Rasa hosts and two action-server hosts, each a network namespace running
`python -m bot.launcher.stack run --profile production --only …`, and the front (nginx, the staff
console, the events consumer) with PostgreSQL, Redis and RabbitMQ servers of the test's
own on the services' host. The hosts reach the front and the servers over their links
only; the servers are the test's, so the fault tests may stop and start them.
"""

import os
import secrets
import signal
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.chat import latest_code_in_outbox
from tests.support.hosts import Network, network
from tests.support.own_servers import OwnPostgres, OwnRabbitMQ, OwnRedis
from tests.support.ports import free_port
from tests.support.stack import ROOT, RunningStack, start_command

RASA_HOSTS = ("rasa-a", "rasa-b")
ACTION_HOSTS = ("actions-a", "actions-b")
RASA_PORT = 5005  # each host has its own ports
ACTION_PORT = 5055
LAUNCHER = [str(ROOT / ".venv/app/bin/python"), "-m", "bot.launcher.stack", "run", "--profile"]


@dataclass
class SpreadStack(RunningStack):
    """The front, as the tests' helpers know a stack; the hosts and servers beside it."""

    network: Network | None = None
    postgres: OwnPostgres | None = None
    redis: OwnRedis | None = None
    rabbitmq: OwnRabbitMQ | None = None
    hosts: dict[str, RunningStack] = field(default_factory=dict)

    def pids(self, host: str, module: str) -> list[int]:
        """The processes on `host` whose command line runs `module` (bot.rasa_side.server…)."""
        assert self.network is not None
        namespace = self.network.namespaces[host]
        listed = subprocess.run(
            ["ip", "netns", "pids", namespace], capture_output=True, text=True, check=True
        ).stdout.split()
        found = []
        for pid in map(int, listed):
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except FileNotFoundError:
                continue
            if module.encode() in command:
                found.append(pid)
        return found

    def kill(self, host: str, module: str) -> None:
        """SIGKILL, as a crash or the kernel's OOM killer ends a process."""
        (pid,) = self.pids(host, module)
        os.kill(pid, signal.SIGKILL)

    def code_for(self, email: str) -> str:
        """The newest one-time code mailed to `email` by either action host."""
        outboxes = [self.hosts[host].var_dir / "outbox" for host in ACTION_HOSTS]
        mails = [path for outbox in outboxes if outbox.exists() for path in outbox.glob("*.eml")]
        newest = max(mails, key=lambda path: path.stat().st_mtime)
        return latest_code_in_outbox(newest.parent, email)

    def log(self, host: str, service: str) -> str:
        return (self.hosts[host].var_dir / "log" / f"{service}.log").read_text()


def _shared_env(postgres: OwnPostgres, redis: OwnRedis, rabbitmq: OwnRabbitMQ, net: Network):
    """What every host gets: where the servers are (over its link) and the shared secrets."""
    gateway = net.gateway
    env = dict(os.environ)
    env.update(
        DATABASE_URL=postgres.url(gateway),
        REDIS_HOST=gateway,
        REDIS_PORT=str(redis.port),
        REDIS_DB="0",
        EVENT_BROKER_URL=rabbitmq.url(gateway),
        RASA_TOKEN=secrets.token_urlsafe(24),
        REST_TOKEN=secrets.token_urlsafe(24),
        ACTION_SERVER_TOKEN=secrets.token_urlsafe(24),
        CODE_SECRET=secrets.token_urlsafe(24),
        WEBSITE_SESSION_SECRET=secrets.token_hex(32),
        UPDATES_INTERVAL_MINUTES="0",
        CODE_MAILS_PER_REGISTRATION="1000",
        CODE_TRIES_PER_REGISTRATION="1000",
    )
    return env


def _host_env(shared: dict[str, str], net: Network, host: str, var_dir: Path) -> dict[str, str]:
    address = net.address(host)
    env = {**shared, "VAR_DIR": str(var_dir / host)}
    if host in RASA_HOSTS:
        env.update(HOST=address, RASA_PROCESS_PORTS=str(RASA_PORT))
    else:
        env.update(ACTION_HOST=address, ACTION_PROCESS_PORTS=str(ACTION_PORT))
    return env


@contextmanager
def spread_stack(var_dir: Path) -> Iterator[SpreadStack]:
    """Starts the servers, the hosts' launchers and the front; stops them all after."""
    with ExitStack() as cleanup, network([*RASA_HOSTS, *ACTION_HOSTS]) as net:
        servers = (
            OwnPostgres(var_dir / "postgres", [net.gateway]),
            OwnRedis(var_dir / "redis", [net.gateway]),
            OwnRabbitMQ(var_dir / "rabbitmq", [net.gateway]),
        )
        for server in servers:
            server.start()
            cleanup.callback(lambda s=server: s.running() and s.stop())
        postgres, redis, rabbitmq = servers
        shared = _shared_env(postgres, redis, rabbitmq, net)
        action_port = free_port()
        shared["ACTION_ENDPOINT_URL"] = f"http://{net.gateway}:{action_port}/webhook"
        migrate = [sys.executable, "-m", "bot", "migrate"]
        subprocess.run(migrate, cwd=ROOT, env=shared, check=True, capture_output=True)
        front_env = {
            **shared,
            "VAR_DIR": str(var_dir / "front"),
            "RASA_PORT": str(free_port()),
            "CONSOLE_PORT": str(free_port()),
            "ACTION_HOST": net.gateway,  # nginx's entry for the Rasa hosts' action calls
            "ACTION_PORT": str(action_port),
            "RASA_PROCESS_PORTS": ",".join(f"{net.address(h)}:{RASA_PORT}" for h in RASA_HOSTS),
            "ACTION_PROCESS_PORTS": ",".join(
                f"{net.address(h)}:{ACTION_PORT}" for h in ACTION_HOSTS
            ),
        }

        def start_host(host: str) -> RunningStack:
            command = net.command(host, [*LAUNCHER, "production", "--only", host.split("-")[0]])
            started = start_command(command, _host_env(shared, net, host, var_dir), host)
            cleanup.callback(started.stop)
            return started

        with ThreadPoolExecutor(len(RASA_HOSTS) + len(ACTION_HOSTS)) as pool:
            started = dict(zip(net.namespaces, pool.map(start_host, net.namespaces), strict=True))
        front_command = [*LAUNCHER, "production", "--only", "nginx,console,events"]
        front = start_command(front_command, front_env, "the front")
        cleanup.callback(front.stop)
        yield SpreadStack(
            front.env,
            front.process,
            front.output,
            network=net,
            postgres=postgres,
            redis=redis,
            rabbitmq=rabbitmq,
            hosts=started,
        )
