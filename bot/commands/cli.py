"""The admin command line. Each command lives in its own module under bot/commands/ with
`add_arguments(parser)` and `run(args) -> int`; COMMANDS lists them in help order."""

import argparse
import importlib
import logging

COMMANDS = {
    "migrate": "bot.commands.migrate",
    "import": "bot.commands.import_export",
    "demo-data": "bot.commands.demo_data",
    "reestimate": "bot.commands.reestimate",
    "status": "bot.commands.status",
    "nlu-lookups": "bot.commands.nlu_lookups",
    "staff": "bot.commands.staff",
    "purge": "bot.commands.purge",
    "updates": "bot.commands.updates",
    "family": "bot.commands.family",
    "texts": "bot.commands.texts",
    "events": "bot.commands.events",
    "feedback": "bot.commands.feedback",
    "dashboard-days": "bot.commands.dashboard_days",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        command = sub.add_parser(name, help=module.__doc__.strip().split("\n")[0])
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    args = build_parser().parse_args(argv)
    return args.run(args)
