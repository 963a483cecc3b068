"""Proactive updates to waiting parents: `send [--dry-run]` (for cron; `make run` runs it
on a schedule), `check` (the updates file), `consent` / `opt-out` for one registration."""

import argparse
import sys
from datetime import date
from pathlib import Path

from bot.conversation import formats
from bot.db.session import session_scope
from bot.settings import get_settings
from bot.shared import clock
from bot.updates import job
from bot.updates.config import (
    FORMS,
    MOMENTS,
    UpdatesConfig,
    UpdatesConfigError,
    configured_path,
    load,
)
from bot.updates.delivery import senders
from bot.updates.estimate_words import estimate_line
from bot.updates.models import UpdatePreference
from bot.updates.preferences import give_consent
from bot.waitlist.offer_estimate import Factor, OfferEstimate, Place
from bot.waitlist.queries import find_registration
from bot.waitlist.what_if import Alternative


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    send = sub.add_parser("send", help="send what is due now")
    send.add_argument("--dry-run", action="store_true", help="print who would get what")
    sub.add_parser("check", help="check the updates file")
    preview_parser = sub.add_parser(
        "preview", help="print every message as a parent would read it (an example)"
    )
    preview_parser.add_argument(
        "--form", choices=FORMS, help="u, je or en (default: the configured ADDRESS_FORM)"
    )
    for name, what in (("consent", "record consent"), ("opt-out", "stop updates")):
        choice = sub.add_parser(name, help=f"{what} for one registration")
        choice.add_argument("number")
        choice.add_argument("--channel", choices=["email", "whatsapp"], required=True)


def updates_file() -> Path:
    return configured_path(get_settings().updates_file)


def run(args: argparse.Namespace) -> int:
    try:
        config = load(updates_file())
    except UpdatesConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.action == "check":
        print(f"{updates_file()}: ok")
        return 0
    if args.action == "preview":
        form = args.form or get_settings().address_form
        print(preview(config, form, get_settings().organisation_name))
        return 0
    if args.action in ("consent", "opt-out"):
        return choose(args.number.strip().upper(), args.channel, args.action)
    settings = get_settings()
    report = job.run(
        unit_of_work=session_scope,
        settings=settings,
        config=config,
        senders=senders(settings),
        now=clock.now(),
        dry_run=args.dry_run,
    )
    if args.dry_run:
        for item in report.planned:
            to = item.to or "(no address or opted out)"
            print(f"{item.due.number}  {item.due.moment:15} {item.channel:9} {to}")
        print(f"{len(report.planned)} updates due")
        return 0
    print(
        f"sent {report.sent}, failed {report.failed}, already sent {report.taken}, "
        f"WhatsApp held for the quiet hours {report.deferred}"
    )
    return 1 if report.failed else 0


def choose(number: str, channel: str, action: str) -> int:
    now = clock.now()
    with session_scope() as session:
        if find_registration(session=session, number=number) is None:
            print(f"error: no registration {number}", file=sys.stderr)
            return 1
        if action == "consent":
            give_consent(
                session=session,
                number=number,
                channel=channel,
                by="beheer (opdrachtregel)",
                ip="cli",
                now=now,
                wording=f"python -m bot updates consent {number} --channel {channel}",
            )
            print(f"{number}: {action} {channel} recorded")
            return 0
        preference = session.get(UpdatePreference, number) or UpdatePreference(
            registration_number=number
        )
        session.add(preference)
        if channel == "email":
            preference.email_opt_out_at = now
        else:
            preference.whatsapp_opt_out_at = now
    print(f"{number}: {action} {channel} recorded")
    return 0


EXAMPLE = {
    "child": "Noor",
    "number": "INS-123456",
    "chat_url": "https://www.example.nl/chat",
    "unsubscribe_url": "https://console.example.nl/updates/unsubscribe?n=INS-123456&s=…",
    "location": "De Speelweide",
}


def example_estimate() -> OfferEstimate:
    """A realistic estimate: an offer window, a first place with some of the days, the
    factors behind it and a sooner alternative."""
    return OfferEstimate(
        number=EXAMPLE["number"],
        first=Place(date(2027, 6, 1), "De Speelweide", ("ma", "di"), complete=False),
        full_month=date(2027, 9, 1),
        offer_from=date(2027, 3, 1),
        offer_to=date(2027, 5, 1),
        factors=[Factor("popular_days", ("ma", "di", "do")), Factor("one_location")],
        alternatives=[
            Alternative(
                kind="swap_day",
                months_earlier=2,
                month=date(2027, 4, 1),
                day_in="wo",
                day_out="do",
                offer_from=date(2027, 1, 1),
            )
        ],
    )


def example_values(config: UpdatesConfig, form: str, organisation: str) -> dict[str, str]:
    """EXAMPLE and the values that are words, in the variant `form`."""
    return {
        **job.common_values(get_settings(), config, form),
        "org": organisation,
        **EXAMPLE,
        "estimate": estimate_line(example_estimate(), config, form, EXAMPLE["child"]),
        "before": formats.month_year(date(2027, 1, 1), form),
        "after": formats.month_year(date(2027, 6, 1), form),
        "respond_by": formats.deadline_date(date(2026, 12, 4), date(2025, 1, 1), form),
        "start": formats.full_date(date(2027, 2, 1), form),
        "days": formats.weekday_list(["ma", "di", "do"], form),
        "offer_url": f"https://console.example.nl/offers/answer?o=17&f={form}&s=…",
        "survey_url": "https://console.example.nl/surveys/answer?n=INS-123456&m=…&s=…",
        "care_type": formats.care_type_name("kdv", form),
        "age": job.turns(48, form),
        "due": formats.full_date(date(2026, 11, 20), form),
        "place": "De Speelweide in Utrecht",
        "group": "Dikkertje Dap",
        "bring": config.first_day_bring.get("kdv", {}).get(form, "").format(child="Noor"),
    }


# the moments as docs/updates.md shows them, each case of a moment on its own
PREVIEWED = (
    *((name, None) for name in MOMENTS if name not in ("estimate_moved", "status_changed")),
    ("estimate_moved", "later"),
    ("estimate_moved", "earlier"),
    *(("status_changed", status) for status in ("offered", "placed", "passive", "withdrawn")),
)


def earlier_values(form: str) -> dict[str, str]:
    """The estimate moved from September to June 2027."""
    return {
        "before": formats.month_year(date(2027, 9, 1), form),
        "after": formats.month_year(date(2027, 6, 1), form),
    }


def preview(config: UpdatesConfig, form: str, organisation: str) -> str:
    """Every moment rendered with example values in the texts' variant `form` (u, je or
    en; docs/updates.md shows the result), exactly as the updates run puts it together."""
    values = example_values(config, form, organisation)
    blocks = []
    for name, case in sorted(PREVIEWED, key=lambda moment: MOMENTS.index(moment[0])):
        shown = values | (earlier_values(form) if case == "earlier" else {})
        message = job.render(config, f"INS-123456:{name}:example", shown, form, case=case)
        heading = f"{name} ({case})" if case else name
        blocks.append(
            f"### {heading}\n\nSubject: {message.subject}\n\n```text\n"
            f"{message.body.rstrip()}\n\n-- \n{message.footer}\n```\n"
        )
    return "\n".join(blocks)
