"""`python -m bot …`: the admin command line (see bot/commands/cli.py)."""

import sys

from bot.commands.cli import main

sys.exit(main())
