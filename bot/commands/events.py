"""Rasa's event broker: `consume` keeps the dashboard's copy of the conversation events
from RabbitMQ (a service: run one next to Rasa), `backfill` copies what the tracker store
has (once, when the broker is switched on, or after a gap)."""

import argparse
import logging
import signal
import sys
from types import FrameType

from bot.db.session import make_engine, session_scope
from bot.db.tracker_store import app_driver_url
from bot.events.consumer import BrokerConfig, Consumer
from bot.reporting.backfill import backfill
from bot.settings import get_settings
from bot.shared import clock

log = logging.getLogger("bot.events")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    consume = sub.add_parser("consume", help="store the events Rasa publishes (until SIGTERM)")
    consume.add_argument(
        "--prefetch", type=int, default=100, help="messages taken and stored at a time"
    )
    copy = sub.add_parser("backfill", help="copy the tracker store's events of the last days")
    copy.add_argument(
        "--days", type=int, help="how far back (default: TRANSCRIPT_RETENTION_DAYS, everything)"
    )


def run(args: argparse.Namespace) -> int:
    settings = get_settings()
    if args.action == "backfill":
        days = args.days or settings.transcript_retention_days
        tracker = make_engine(app_driver_url(settings.resolved_tracker_store_url))
        try:
            with session_scope() as session:
                added = backfill(session, tracker, since=clock.timestamp() - days * 86400)
        finally:
            tracker.dispose()
        print(f"copied {added} events of the last {days} days from the tracker store")
        return 0
    if not settings.event_broker_url:
        print("error: EVENT_BROKER_URL is not set (docs/deploy.md)", file=sys.stderr)
        return 2
    config = BrokerConfig(
        url=settings.event_broker_url,
        queue=settings.event_broker_queue,
        exchange=settings.event_broker_exchange,
        prefetch=args.prefetch,
    )
    # pika logs every step of a connection, and a failed one with a traceback; the
    # consumer says in one line what failed and when it tries again
    logging.getLogger("pika").setLevel(logging.CRITICAL)
    consumer = Consumer(config, session_scope)

    def stop(signum: int, _frame: FrameType | None) -> None:
        log.info("event consumer: %s, stopping", signal.Signals(signum).name)
        consumer.stop.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    consumer.run()
    log.info("event consumer: stopped after storing %d events", consumer.stored)
    return 0
