"""Starts and stops the whole stack on localhost: `python -m bot.launcher.stack run|shell`.

The Rasa server runs from its own environment (rasa's old pins); the action server and the
other services run from this one. Each service's output goes to a log file under
`var/log/` (rotated, bot/logs/files.py), so the terminal shows only where to go. Ctrl-C
(or SIGTERM) stops everything.

Two profiles: `embedded` (`make run`: one process of each, SQLite by default) and
`production` (`make run-prod`: a Rasa process and an action server per port of
RASA_PROCESS_PORTS and ACTION_PROCESS_PORTS behind nginx, on PostgreSQL and Redis;
bot/launcher/production.py, bot/launcher/load_balancer.py, docs/deploy.md).
"""

import argparse
import contextlib
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

import requests

from bot.launcher.load_balancer import Balancer, nginx_binary, render
from bot.launcher.production import (
    check_prerequisites,
    nginx_address,
    process_addresses,
    production_settings,
)
from bot.launcher.schedule import Every
from bot.logs.files import RotatingLog, pump
from bot.settings import PROJECT_ROOT, Settings, get_settings
from bot.shared.config import RASA_GROUPS, environment
from bot.shared.kept_secrets import kept_secret
from bot.updates.config import UpdatesConfigError, configured_path
from bot.updates.config import load as load_updates

MODEL = PROJECT_ROOT / "models" / "current.tar.gz"
# two Rasa processes loading their models at once on a busy 2-core machine take 3 minutes
STARTUP_TIMEOUT = 300.0
PROFILES = ("embedded", "production")


@dataclass
class Service:
    name: str
    command: list[str]
    health_url: str | None  # None: a worker without HTTP, healthy while it runs
    # variables this service gets on top of the stack's (its own port)
    env: dict[str, str] = field(default_factory=dict)
    # files it reads, written at each start (nginx's configuration)
    files: dict[Path, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None


def service_environment(settings: Settings) -> dict[str, str]:
    """The environment every service gets: the groups of settings the Rasa process reads
    (bot.shared.config.RASA_GROUPS, as the variables endpoints.yml and the channels read), with
    the values that default to others filled in."""
    groups = settings.config
    storage = replace(
        groups.storage,
        database_url=groups.storage.resolved_database_url,
        tracker_store_url=groups.storage.resolved_tracker_store_url,
    )
    servers = replace(
        groups.servers, action_endpoint_url=groups.servers.resolved_action_endpoint_url
    )
    website = replace(groups.channels.website, session_secret=website_session_secret(settings))
    resolved = replace(
        groups,
        storage=storage,
        servers=servers,
        channels=replace(groups.channels, website=website),
    )
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(PROJECT_ROOT),
        RASA_TELEMETRY_ENABLED="false",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        # glibc gives every thread its own malloc arena; TensorFlow's thread pools then
        # hold hundreds of MB that are never used again
        MALLOC_ARENA_MAX="2",
    )
    for name in RASA_GROUPS:
        env.update(environment(getattr(resolved, name)))
    if settings.code_secret:  # every action server checks the codes the others sent
        env["CODE_SECRET"] = settings.code_secret
    return env


def website_session_secret(settings: Settings) -> str:
    """The configured secret, or one made once and kept in var_dir, so that website chat
    sessions survive a restart."""
    return settings.website_session_secret or kept_secret(
        settings.var_dir, "website_session_secret"
    )


def action_server(settings: Settings, python: str = sys.executable) -> Service:
    """rasa-sdk behind our guard (bot/action_side/server.py); host, port and token come from the
    environment, so the token is not on the command line."""
    health = settings.resolved_action_endpoint_url.removesuffix("/webhook") + "/health"
    return Service("actions", [python, "-m", "bot.action_side.server"], health)


def action_process(settings: Settings, number: int, host: str, port: int) -> Service:
    """One of the production profile's action servers, on its own port behind nginx."""
    own = replace(settings.servers, action_host=host, action_port=port, action_endpoint_url="")
    health = own.resolved_action_endpoint_url.removesuffix("/webhook") + "/health"
    command = [sys.executable, "-m", "bot.action_side.server"]
    env = {"ACTION_HOST": host, "ACTION_PORT": str(port)}
    return Service(f"actions-{number}", command, health, env=env)


def check_updates_file(settings: Settings) -> None:
    """A bad updates file stops the start with a clear message (not the first send)."""
    try:
        load_updates(configured_path(settings.updates_file))
    except UpdatesConfigError as error:
        raise SystemExit(f"error: {error}") from error


def runs_actions_here(settings: Settings) -> bool:
    """False when ACTION_ENDPOINT_URL names another machine: that one runs the actions."""
    host = urlsplit(settings.resolved_action_endpoint_url).hostname or ""
    return host in ("127.0.0.1", "localhost", "::1", settings.host, settings.action_host)


def rasa_server(
    settings: Settings,
    rasa_venv: Path,
    port: int | None = None,
    name: str = "rasa",
    host: str | None = None,
) -> Service:
    port = port or settings.rasa_port
    host = host or settings.host
    base = f"http://{host}:{port}"
    command = [
        str(rasa_venv / "bin" / "python"),
        "-m",
        "bot.rasa_side.server",  # rasa with a faster check of action answers
        "run",
        "--model",
        str(MODEL),
        "--endpoints",
        str(PROJECT_ROOT / "endpoints.yml"),
        "--credentials",
        str(PROJECT_ROOT / "credentials.yml"),
        "--interface",
        host,
        "--port",
        str(port),
        "--enable-api",
        # the API token comes from RASA_TOKEN in the environment (bot/rasa_side/server.py), not
        # from the command line, which every user of the machine can read
    ]
    return Service(name, command, f"{base}/")


def load_balancer(
    settings: Settings,
    rasa_processes: tuple[tuple[str, int], ...],
    action_processes: tuple[tuple[str, int], ...],
) -> Service:
    """nginx with the configuration generated for these settings (bot/launcher/load_balancer.py);
    healthy once it answers through to a Rasa process."""
    balancer = Balancer(
        host=settings.host,
        rasa_port=settings.rasa_port,
        rasa_processes=rasa_processes,
        action_host=settings.action_host,
        action_port=settings.action_port,
        action_processes=action_processes,
    )
    prefix = settings.var_dir / "nginx"
    config = prefix / "nginx.conf"
    # the start-up messages to stderr, not to the log file compiled in (root's to write)
    command = [nginx_binary() or "nginx", "-p", str(prefix), "-c", str(config), "-e", "stderr"]
    health = f"http://{settings.host}:{settings.rasa_port}/"
    return Service("nginx", command, health, files={config: render(balancer, prefix)})


# One TensorFlow thread per Rasa process in the production profile, which runs a process
# per core: with TensorFlow's default (a thread per core in every process) the processes
# compete for the same cores (docs/benchmarks.md). Set in the environment to override.
RASA_PROCESS_THREADS = {
    "TF_INTER_OP_PARALLELISM_THREADS": "1",
    "TF_INTRA_OP_PARALLELISM_THREADS": "1",
}


def rasa_process(settings: Settings, rasa_venv: Path, number: int, host: str, port: int) -> Service:
    """One of the production profile's Rasa processes, on its own port behind nginx, whose
    X-Forwarded-For it believes (the REST channel's "this machine" is nginx's client)."""
    service = rasa_server(settings, rasa_venv, port, f"rasa-{number}", host)
    service.env.update({k: v for k, v in RASA_PROCESS_THREADS.items() if k not in os.environ})
    service.env["FORWARDED_ALLOW_IPS"] = settings.forwarded_allow_ips or nginx_address(host)
    return service


def production_services(settings: Settings, rasa_venv: Path) -> list[Service]:
    """A Rasa process and an action server per entry of RASA_PROCESS_PORTS and
    ACTION_PROCESS_PORTS, nginx, the console and the consumer of Rasa's event broker."""
    rasa = process_addresses(settings.rasa_process_ports, "rasa_process_ports", settings.host)
    actions = process_addresses(
        settings.action_process_ports, "action_process_ports", settings.action_host
    )
    return [
        *(action_process(settings, n, *address) for n, address in enumerate(actions, 1)),
        *(rasa_process(settings, rasa_venv, n, *address) for n, address in enumerate(rasa, 1)),
        load_balancer(settings, rasa, actions),
        staff_console(settings),
        events_consumer(),
        *inbound_mail(settings),
    ]


def role(service: Service) -> str:
    """What a service is, whichever number it has: rasa, actions, nginx, console, events,
    inbound."""
    return service.name.split("-")[0]


def events_consumer(python: str = sys.executable) -> Service:
    """Rasa's events from RabbitMQ into the dashboard's copy (bot/commands/events.py)."""
    return Service("events", [python, "-m", "bot", "events", "consume"], None)


def inbound_mail(settings: Settings, python: str = sys.executable) -> list[Service]:
    """The receiver of parents' answers by e-mail (bot/inbound_mail/server.py), unless its
    port is 0."""
    if not settings.inbound_mail_port:
        return []
    return [Service("inbound", [python, "-m", "bot.inbound_mail.server"], None)]


CONSOLE_MAX_CONNECTIONS = 200  # staff, their polls every few seconds, and the public pages


def staff_console(settings: Settings, python: str = sys.executable) -> Service:
    base = f"http://{settings.host}:{settings.console_port}"
    command = [
        python,
        "-m",
        "uvicorn",
        "bot.console.app:create_app",
        "--factory",
        "--host",
        settings.host,
        "--port",
        str(settings.console_port),
        "--no-access-log",
        # the app decides which proxies it believes (FORWARDED_ALLOW_IPS, bot/shared/forwarded.py);
        # uvicorn's own default would believe X-Forwarded-For from any local process
        "--no-proxy-headers",
        # uvicorn never times out a request's headers: bound the connections it keeps (503
        # beyond) and idle keep-alives; bodies are limited by the app (bot/console/body_limit.py)
        "--limit-concurrency",
        str(CONSOLE_MAX_CONNECTIONS),
        "--timeout-keep-alive",
        "5",
        # no websockets needed; uvicorn's auto-detection trips over rasa-sdk's old pin
        "--ws",
        "none",
    ]
    return Service("console", command, f"{base}/health")


def demo_login(settings: Settings) -> str:
    """Who to log in as: the demo admin (created now if there is no admin yet)."""
    from bot.console.demo import DEMO_EMAIL, ensure_demo_admin, password_file
    from bot.db.session import session_scope

    if not settings.demo_staff:
        return "log in with an account from 'python -m bot staff add'"
    with session_scope() as session:
        made = ensure_demo_admin(session=session, var_dir=settings.var_dir)
    where = password_file(settings.var_dir)
    if made:
        return f"log in as {DEMO_EMAIL}; the password is in {where} (readable by you only)"
    return f"log in as an admin; demo credentials in {where}"


@dataclass
class Stack:
    """The running services; used by `make run` and by the tests' session fixture.

    `only` keeps the production profile's services of those roles (rasa, actions, nginx,
    console, events): what one machine runs when the parts are spread (docs/deploy.md)."""

    settings: Settings
    rasa_venv: Path
    profile: str = "embedded"
    only: frozenset[str] = frozenset()
    services: list[Service] = field(default_factory=list)
    jobs: list[Every] = field(default_factory=list)
    restarts: dict[str, int] = field(default_factory=dict)
    stopping: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        if self.profile == "production":
            self.settings = production_settings(self.settings)
            services = production_services(self.settings, self.rasa_venv)
            unknown = self.only - {role(service) for service in services}
            if unknown:
                raise SystemExit(f"error: --only: no such part: {', '.join(sorted(unknown))}")
            self.services = [s for s in services if not self.only or role(s) in self.only]
            return
        local_actions = [action_server(self.settings)] if runs_actions_here(self.settings) else []
        self.services = [
            *local_actions,
            rasa_server(self.settings, self.rasa_venv),
            staff_console(self.settings),
            *inbound_mail(self.settings),
        ]

    @property
    def rasa_url(self) -> str:
        return f"http://{self.settings.host}:{self.settings.rasa_port}"

    def start(self) -> None:
        roles = {role(service) for service in self.services}
        if "rasa" in roles and not MODEL.exists():
            raise SystemExit(f"error: no trained model at {MODEL}; run 'make train' first")
        check_updates_file(self.settings)
        if self.profile == "production":
            check_prerequisites(self.settings, nginx="nginx" in roles)
        (self.settings.var_dir / "log").mkdir(parents=True, exist_ok=True)
        env = service_environment(self.settings)
        for service in self.services:
            self._launch(service, env)
        try:
            for service in self.services:
                self._wait_healthy(service)
        except BaseException:
            self.stop()
            raise

    def _launch(self, service: Service, env: dict[str, str]) -> None:
        for path, content in service.files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content)
        service.log_path = self.settings.var_dir / "log" / f"{service.name}.log"
        log = RotatingLog(
            service.log_path,
            max_bytes=self.settings.log_max_mb * 1024 * 1024,
            backups=self.settings.log_backups,
        )
        service.process = subprocess.Popen(
            service.command,
            cwd=PROJECT_ROOT,
            env={**env, **service.env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        assert service.process.stdout is not None
        pump(service.process.stdout, log)

    def _wait_healthy(self, service: Service) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        assert service.process is not None
        while time.monotonic() < deadline:
            if service.process.poll() is not None:
                raise RuntimeError(
                    f"{service.name} exited with code {service.process.returncode}; "
                    f"see {service.log_path}"
                )
            if service.health_url is None:
                return
            try:
                if requests.get(service.health_url, timeout=2).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"{service.name} did not start within {STARTUP_TIMEOUT:.0f} s")

    def schedule_updates(self) -> None:
        """The proactive updates every UPDATES_INTERVAL_MINUTES (0: never, use cron)."""
        minutes = self.settings.updates_interval_minutes
        if minutes <= 0:
            return
        command = [sys.executable, "-m", "bot", "updates", "send"]
        log = self.settings.var_dir / "log" / "updates.log"
        env = service_environment(self.settings)
        self.jobs.append(Every(command, minutes, log, env, PROJECT_ROOT))
        self.jobs[-1].start()

    def stop(self) -> None:
        """SIGTERM every service's process group, then SIGKILL what is left after 15 s."""
        self.stopping.set()
        for job in self.jobs:
            job.stop()
        running = [s.process for s in self.services if s.process and s.process.poll() is None]
        for process in running:
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait()

    def supervise(self, poll_seconds: float = 0.5) -> None:
        """Restart a service that stops, until a signal arrives: the others keep serving
        meanwhile (nginx skips a process that is down). A service that stops again soon
        after a restart waits longer each time (1 s, doubling up to a minute), so a
        broken one does not spin; one that ran for ten minutes starts from 1 s again."""
        env = service_environment(self.settings)
        started = {service.name: time.monotonic() for service in self.services}
        due: dict[str, float] = {}
        while not self.stopping.is_set():
            now = time.monotonic()
            for service in self.services:
                assert service.process is not None
                code = service.process.poll()
                if code is None:
                    continue
                if service.name not in due:
                    if now - started[service.name] > RESTART_RESET_SECONDS:
                        self.restarts[service.name] = 0
                    count = self.restarts.get(service.name, 0)
                    delay = min(RESTART_MAX_SECONDS, 2.0**count)
                    due[service.name] = now + delay
                    print(
                        f"{service.name} stopped unexpectedly (exit code {code}); restarting "
                        f"it in {delay:.0f} s; see {service.log_path}",
                        file=sys.stderr,
                        flush=True,
                    )
                elif now >= due[service.name] and not self.stopping.is_set():
                    del due[service.name]
                    self.restarts[service.name] = self.restarts.get(service.name, 0) + 1
                    started[service.name] = now
                    self._launch(service, env)
            self.stopping.wait(poll_seconds)


# a service that ran this long before it stopped is restarted at once again
RESTART_RESET_SECONDS = 600.0
RESTART_MAX_SECONDS = 60.0


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)


def _raise_keyboard_interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def run(stack: Stack) -> int:
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    settings = stack.settings
    print("Starting the placement assistant (first start takes about a minute)…", flush=True)
    try:
        if stack.only:
            return run_parts(stack)
        login = demo_login(settings)
        stack.start()
        stack.schedule_updates()
        elsewhere = f"  actions         {settings.action_endpoint_url}\n"
        actions = "" if runs_actions_here(settings) else elsewhere
        if stack.profile == "production":
            actions = (
                f"  behind nginx    Rasa on {settings.rasa_process_ports}, "
                f"actions on {settings.action_process_ports}\n"
            )
        inbound = (
            f"  inbound mail    SMTP {settings.inbound_mail_host}:{settings.inbound_mail_port}\n"
            if any(role(service) == "inbound" for service in stack.services)
            else ""
        )
        print(
            "\nThe placement assistant is running:\n"
            f"  chat (REST)     POST {stack.rasa_url}/webhooks/rest/webhook"
            ' {"sender": "…", "message": "Hallo"}\n'
            f"  Staff console: http://{settings.host}:{settings.console_port}/ ({login})\n"
            f"  Chat on the demo site: {stack.rasa_url}/webhooks/website/demo\n"
            f"  logs            {settings.var_dir / 'log'}\n"
            f"{actions}"
            f"{inbound}"
            "Press Ctrl-C to stop.",
            flush=True,
        )
        stack.supervise()
    except KeyboardInterrupt:
        print("\nStopping…", flush=True)
    finally:
        stack.stop()
    print("Stopped.")
    return 0


def run_parts(stack: Stack) -> int:
    """This machine's parts of a spread production profile (`--only`)."""
    console = [s for s in stack.services if role(s) == "console"]
    settings = stack.settings
    login = ""
    if console:
        where = f"http://{settings.host}:{settings.console_port}/"
        login = f"  Staff console: {where} ({demo_login(settings)})\n"
    stack.start()
    names = ", ".join(service.name for service in stack.services)
    print(
        f"\nThe placement assistant is running: {names} on this machine\n"
        f"{login}"
        f"  logs            {settings.var_dir / 'log'}\n"
        "Press Ctrl-C to stop.",
        flush=True,
    )
    stack.supervise()
    return 0


def shell(stack: Stack) -> int:
    """The action server in the background and `rasa shell` in this terminal."""
    # no Rasa server or console beside `rasa shell`
    stack.services = [s for s in stack.services if s.name == "actions"]
    stack.start()
    try:
        command = [
            str(stack.rasa_venv / "bin" / "rasa"),
            "shell",
            "--model",
            str(MODEL),
            "--endpoints",
            str(PROJECT_ROOT / "endpoints.yml"),
        ]
        return subprocess.call(command, cwd=PROJECT_ROOT, env=service_environment(stack.settings))
    finally:
        stack.stop()


def with_secrets(settings: Settings) -> Settings:
    """The settings with a random secret for each shared secret left unset: Rasa's API
    token, the action server's token and the key of the one-time codes (a code one action
    server sent is checked by another) then live as long as this start."""
    made = {
        name: secrets.token_urlsafe(32)
        for name in ("rasa_token", "action_server_token", "code_secret")
        if not getattr(settings, name)
    }
    return settings.model_copy(update=made) if made else settings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=["run", "shell"])
    parser.add_argument("--rasa-venv", type=Path, default=PROJECT_ROOT / ".venv" / "rasa")
    parser.add_argument("--profile", choices=PROFILES, default="embedded")
    parser.add_argument(
        "--only",
        default="",
        help="production profile: the parts this machine runs, e.g. rasa or nginx,console,events",
    )
    args = parser.parse_args()
    if args.mode == "shell" and args.profile != "embedded":
        parser.error("the shell runs the embedded profile")
    only = frozenset(filter(None, (part.strip() for part in args.only.split(","))))
    if only and args.profile != "production":
        parser.error("--only needs --profile production")
    settings = with_secrets(get_settings())
    stack = Stack(settings, args.rasa_venv.resolve(), args.profile, only)
    return run(stack) if args.mode == "run" else shell(stack)


if __name__ == "__main__":
    sys.exit(main())
