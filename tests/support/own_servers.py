"""PostgreSQL, Redis and RabbitMQ servers of the test's own, from the machine's Debian
packages: the fault tests stop and start them, which they must not do to the machine's
servers that other tests and runs share.

Each keeps its data in a temporary folder across a stop and a start (Redis with its
append-only file, as a production Redis would), listens on loopback and on the addresses
given (the test network's bridge), and is stopped as its service manager would stop it.
"""

import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pika
import pika.exceptions
import psycopg
import redis

from tests.support.ports import free_port

POSTGRES_BIN = Path("/usr/lib/postgresql/15/bin")
RABBITMQ_BIN = Path("/usr/lib/rabbitmq/bin")


def _wait(ready: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start within {timeout:.0f} s")
        time.sleep(0.2)


def _as(user: str, folder: Path) -> None:
    """`folder` (and its parents up to the temporary root) readable by `user`."""
    shutil.chown(folder, user)
    folder.chmod(0o700)
    for parent in folder.parents:
        if parent == Path("/"):
            break
        parent.chmod(parent.stat().st_mode | 0o011)


@dataclass
class OwnServer:
    folder: Path
    addresses: list[str]  # besides 127.0.0.1
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def listen(self) -> list[str]:
        return ["127.0.0.1", *self.addresses]

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


@dataclass
class OwnRedis(OwnServer):
    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        command = ["redis-server", "--port", str(self.port), "--bind", *self.listen]
        command += ["--dir", str(self.folder), "--appendonly", "yes", "--save", ""]
        # reachable from the hosts' addresses without a password (they are this test's)
        command += ["--protected-mode", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        _wait(self._answers, "redis-server")

    def _answers(self) -> bool:
        try:
            return bool(redis.Redis(port=self.port, socket_timeout=1).ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        assert self.process is not None
        self.process.terminate()  # SIGTERM: Redis writes its file and exits
        self.process.wait(timeout=30)


@dataclass
class OwnPostgres(OwnServer):
    database: str = "placement"

    def url(self, host: str = "127.0.0.1", driver: str = "psycopg") -> str:
        return f"postgresql+{driver}://postgres@{host}:{self.port}/{self.database}"

    def start(self) -> None:
        data = self.folder / "data"
        if not data.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            _as("postgres", self.folder)
            initdb = [str(POSTGRES_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U"]
            subprocess.run([*initdb, "postgres"], check=True, capture_output=True, user="postgres")
            with (data / "pg_hba.conf").open("a") as hba:
                for address in self.addresses:
                    hba.write(f"host all all {address.rsplit('.', 1)[0]}.0/24 trust\n")
        server = [str(POSTGRES_BIN / "postgres"), "-D", str(data), "-p", str(self.port)]
        server += ["-c", f"listen_addresses={','.join(self.listen)}"]
        server += ["-c", f"unix_socket_directories={self.folder}", "-c", "max_connections=200"]
        self.process = subprocess.Popen(
            server,
            user="postgres",
            group="postgres",
            stdout=subprocess.DEVNULL,
            stderr=(self.folder / "server.log").open("ab"),
        )
        _wait(self._answers, "postgres")
        admin = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (self.database,)
            ).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{self.database}"')

    def _answers(self) -> bool:
        try:
            psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres").close()
            return True
        except psycopg.OperationalError:
            return False

    def stop(self) -> None:
        """A fast shutdown (SIGINT, `pg_ctl stop -m fast`): clients are disconnected."""
        assert self.process is not None
        self.process.send_signal(2)
        self.process.wait(timeout=60)


@dataclass
class OwnRabbitMQ(OwnServer):
    dist_port: int = field(default_factory=free_port)

    @property
    def node(self) -> str:
        return f"placement{self.port}@localhost"

    def url(self, host: str = "127.0.0.1") -> str:
        return f"amqp://guest:guest@{host}:{self.port}/%2F"

    def _env(self) -> dict[str, str]:
        return {
            "HOME": "/var/lib/rabbitmq",  # the node's Erlang cookie, as rabbitmqctl's
            "RABBITMQ_NODENAME": self.node,
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_MNESIA_BASE": str(self.folder / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.folder / "log"),
            "RABBITMQ_CONFIG_FILE": str(self.folder / "rabbitmq.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.folder / "enabled_plugins"),
            "RABBITMQ_PID_FILE": str(self.folder / "pid"),
        }

    def start(self) -> None:
        if not (self.folder / "rabbitmq.conf").exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            listeners = [f"listeners.tcp.{n} = {a}:{self.port}" for n, a in enumerate(self.listen)]
            # guest may connect from the other hosts' addresses too
            config = [*listeners, "loopback_users = none"]
            (self.folder / "rabbitmq.conf").write_text("\n".join(config) + "\n")
            (self.folder / "enabled_plugins").write_text("[].\n")
            _as("rabbitmq", self.folder)
            for path in self.folder.iterdir():
                shutil.chown(path, "rabbitmq")
        self.process = subprocess.Popen(
            [str(RABBITMQ_BIN / "rabbitmq-server")],
            env=self._env(),
            user="rabbitmq",
            group="rabbitmq",
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait(self._answers, "rabbitmq-server")

    def _answers(self) -> bool:
        try:
            pika.BlockingConnection(pika.URLParameters(self.url())).close()
            return True
        except pika.exceptions.AMQPError:
            return False

    def stop(self) -> None:
        """`rabbitmqctl shutdown`, as the service manager stops the node."""
        command = [str(RABBITMQ_BIN / "rabbitmqctl"), "-n", self.node, "shutdown"]
        subprocess.run(
            command,
            env=self._env(),
            user="rabbitmq",
            group="rabbitmq",
            cwd=self.folder,
            capture_output=True,
            timeout=60,
        )
        assert self.process is not None
        self.process.wait(timeout=60)
