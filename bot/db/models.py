"""Imports every module that defines tables, so Alembic and tests see the whole schema."""

from bot.console import models as console_models  # noqa: F401
from bot.conversation import models as conversation_models  # noqa: F401
from bot.feedback import models as feedback_models  # noqa: F401
from bot.handoff import models as handoff_models  # noqa: F401
from bot.reporting import models as reporting_models  # noqa: F401
from bot.staff import models as staff_models  # noqa: F401
from bot.updates import models as updates_models  # noqa: F401
from bot.waitlist import models as waitlist_models  # noqa: F401
