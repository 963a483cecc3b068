"""Application settings: the definition in bot/shared/config.py, read once from the environment
(and an optional `.env` file) by pydantic-settings.

`Settings` has one attribute per setting (`settings.redis_port`) and one per group
(`settings.channels.whatsapp.api_url`, `settings.office`), the same groups the Rasa
process reads with `bot.shared.config.read`. Every value has a working default for the embedded
set-up: SQLite files and the e-mail outbox under `var/`, no external service. Production
sets the same names to PostgreSQL, Redis and SMTP (see `.env.example`).
"""

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import create_model
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.shared.config import (
    PROJECT_ROOT,
    Channels,
    Config,
    Console,
    Group,
    Mail,
    Office,
    Organisation,
    Policy,
    Security,
    Servers,
    Storage,
    Updates,
    build,
    leaves,
)

__all__ = ["PROJECT_ROOT", "Settings", "get_settings"]


def _group(cls: type[Group]) -> Any:
    """A property: the group `cls` of bot/shared/config.py, from these settings."""
    return property(lambda self: build(cls, lambda name: getattr(self, name)))


class _Groups(BaseSettings):
    """What `Settings` adds to its fields: the groups of bot/shared/config.py and derived values."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    config = _group(Config)
    storage = _group(Storage)
    servers = _group(Servers)
    organisation = _group(Organisation)
    mail = _group(Mail)
    security = _group(Security)
    channels = _group(Channels)
    policy = _group(Policy)
    office = _group(Office)
    console = _group(Console)
    updates = _group(Updates)

    @property
    def resolved_database_url(self) -> str:
        return self.storage.resolved_database_url

    @property
    def resolved_tracker_store_url(self) -> str:
        return self.storage.resolved_tracker_store_url

    @property
    def resolved_action_endpoint_url(self) -> str:
        return self.servers.resolved_action_endpoint_url

    @property
    def resolved_console_url(self) -> str:
        servers = self.servers
        public = self.console.console_public_url
        return public or f"http://{servers.host}:{servers.console_port}"

    @property
    def resolved_chat_url(self) -> str:
        servers = self.servers
        demo = f"http://{servers.host}:{servers.rasa_port}/webhooks/website/demo"
        return self.updates.public_chat_url or demo

    @property
    def outbox_dir(self) -> Path:
        return self.storage.outbox_dir


def _fields() -> dict[str, Any]:
    return {leaf.name: (leaf.type, leaf.default) for leaf in leaves(Config)}


Settings = create_model("Settings", __base__=_Groups, **_fields())


@lru_cache
def get_settings() -> Settings:  # type: ignore[valid-type]
    return Settings()
