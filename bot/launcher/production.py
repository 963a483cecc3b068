"""The production profile's settings (`make run-prod`, docs/deploy.md): what it needs
before it starts, and what it sets.

Several Rasa processes and action servers are one assistant only through what they
share: PostgreSQL (the waitlist and Rasa's conversations) and Redis (the conversation
locks, the channels' seen message ids and service windows, the website's socket.io
rooms). Without them the processes would run, but each as an assistant of its own, so
the profile refuses to start and says why.
"""

import pika
import pika.exceptions
import redis
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot.db.session import make_engine
from bot.db.tracker_store import app_driver_url, rasa_driver_url
from bot.launcher.load_balancer import INSTALL_HINT, nginx_binary
from bot.settings import Settings


def process_addresses(text_value: str, name: str, host: str) -> tuple[tuple[str, int], ...]:
    """A comma-separated list of processes (RASA_PROCESS_PORTS, ACTION_PROCESS_PORTS): a
    port (on `host`, this machine) or host:port (a process on another machine)."""
    addresses = []
    try:
        for part in filter(None, (p.strip() for p in text_value.split(","))):
            where, _, port = part.rpartition(":")
            addresses.append((where or host, int(port)))
    except ValueError:
        raise SystemExit(
            f"error: {name.upper()}: expected ports like 5006,5007 or host:port entries"
        ) from None
    if not addresses or len(set(addresses)) != len(addresses):
        raise SystemExit(f"error: {name.upper()}: expected one or more different processes")
    return tuple(addresses)


def nginx_address(host: str) -> str:
    """Where a Rasa process listening on `host` sees this machine's nginx connect from:
    that address (loopback for a wildcard). nginx on another machine (a spread profile)
    is named in FORWARDED_ALLOW_IPS."""
    wildcard = host in ("0.0.0.0", "::", "")  # noqa: S104
    return "127.0.0.1,::1" if wildcard else host


# RabbitMQ on this machine with its default account, unless EVENT_BROKER_URL names another
LOCAL_BROKER = "amqp://guest:guest@127.0.0.1:5672/%2F"


def production_settings(settings: Settings) -> Settings:
    """`settings` with the lock store in Redis, Rasa's conversations (unless
    TRACKER_STORE_URL says otherwise) in the waitlist's PostgreSQL database, and Rasa's
    events published to RabbitMQ (unless EVENT_BROKER_URL says where: this machine's)."""
    if not settings.database_url.startswith("postgresql"):
        raise SystemExit(
            "error: make run-prod needs PostgreSQL: set DATABASE_URL="
            "postgresql+psycopg://user@host:5432/placement (see docs/deploy.md)"
        )
    tracker = settings.tracker_store_url or rasa_driver_url(settings.database_url)
    if not tracker.startswith("postgresql"):
        raise SystemExit("error: make run-prod needs TRACKER_STORE_URL on PostgreSQL")
    update = {
        "lock_store_type": "redis",
        "tracker_store_url": tracker,
        "event_broker_url": settings.event_broker_url or LOCAL_BROKER,
    }
    return settings.model_copy(update=update)


def check_prerequisites(settings: Settings, nginx: bool = True) -> None:
    """nginx installed (when this machine runs it), PostgreSQL, Redis and RabbitMQ
    answering; else a message with the remedy."""
    if nginx and nginx_binary() is None:
        raise SystemExit(f"error: make run-prod needs nginx; install it: {INSTALL_HINT}")
    for url in {settings.database_url, app_driver_url(settings.tracker_store_url)}:
        engine = make_engine(url)
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError as error:
            host = engine.url.render_as_string(hide_password=True)
            raise SystemExit(f"error: PostgreSQL at {host}: {type(error).__name__}") from None
        finally:
            engine.dispose()
    _check_redis(settings)
    _check_broker(settings)


def _check_redis(settings: Settings) -> None:
    client = redis.Redis(host=settings.redis_host, port=settings.redis_port, db=settings.redis_db)
    try:
        client.ping()
    except redis.RedisError as error:
        where = f"{settings.redis_host}:{settings.redis_port}"
        raise SystemExit(f"error: Redis at {where}: {type(error).__name__}") from None
    finally:
        client.close()


def _check_broker(settings: Settings) -> None:
    try:
        pika.BlockingConnection(pika.URLParameters(settings.event_broker_url)).close()
    except pika.exceptions.AMQPError as error:
        where = pika.URLParameters(settings.event_broker_url)
        raise SystemExit(
            f"error: RabbitMQ at {where.host}:{where.port}: {type(error).__name__}"
        ) from None
