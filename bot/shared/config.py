"""Every setting of the assistant, defined once, in groups: storage, servers, organisation,
mail, security, channels, policy, office and console.

Plain Python (dataclasses, no pydantic), so both environments read the same definition:
the Rasa process (channels, its own server) reads its groups with `read`, and the
application's `Settings` (bot/settings.py, pydantic-settings) is generated from the same
fields. A field's environment variable is its flat name in capitals: `redis_port` is
REDIS_PORT, and the field `app_secret` of the section `whatsapp` of `channels` is
`whatsapp_app_secret`, WHATSAPP_APP_SECRET. Every value has a working default for the
embedded set-up (SQLite files and the e-mail outbox under `var/`, no outside service);
production sets the same names (see `.env.example`).
"""

import dataclasses
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# the embedded default's tracker store: Rasa's SQLite file in var_dir
TRACKER_STORE_FILE = "rasa.db"

Group = TypeVar("Group")


# the metadata of a nested group whose settings' names start with its own: the section
# `whatsapp` of Channels holds `whatsapp_app_secret` (WHATSAPP_APP_SECRET)
SECTION = {"section": True}


def _prefix(item: dataclasses.Field, prefix: str) -> str:  # type: ignore[type-arg]
    return prefix + (f"{item.name}_" if item.metadata.get("section") else "")


@dataclass(frozen=True)
class Storage:
    # where runtime data lives: databases, outbox, logs
    var_dir: Path = PROJECT_ROOT / "var"
    # SQLAlchemy URL of the waitlist database; empty means SQLite in var_dir
    database_url: str = ""
    # Rasa's SQL tracker store; empty means SQLite in var_dir
    tracker_store_url: str = ""
    # Rasa's lock store: in_memory (one Rasa process) or redis; the channels keep their
    # seen message ids and service windows in Redis too when it is redis
    lock_store_type: str = "in_memory"
    redis_host: str = "127.0.0.1"
    redis_port: int = 6379
    redis_db: int = 0
    # connections each process keeps open to PostgreSQL (SQLite ignores them), and how
    # many more it may open at a peak: Rasa's tracker store reads its own variables
    # SQL_POOL_SIZE and SQL_MAX_OVERFLOW (Rasa's defaults, 50 and 100, would exhaust the
    # server's 100 connections with two Rasa processes); the action servers, the console
    # and the CLI use database_*. Budget in docs/deploy.md ("Database pools").
    sql_pool_size: int = 5
    sql_max_overflow: int = 5
    database_pool_size: int = 5
    database_max_overflow: int = 5
    # days that conversations, handed-over transcripts and identity check records are kept
    # (`python -m bot purge`, bot/privacy/retention.py)
    transcript_retention_days: int = 90
    # the services' log files (var/log/): rotated at this size or daily, at most this many
    # old files, each purged with the retention period
    log_max_mb: int = 10
    log_backups: int = 20
    # Rasa's event broker (RabbitMQ, amqp://user:password@host:5672/vhost): Rasa publishes
    # every conversation event to the fanout exchange, bound to the durable queue that
    # `python -m bot events consume` reads into the dashboard's table (docs/deploy.md);
    # empty: no broker, and the dashboard reads Rasa's tracker store
    event_broker_url: str = ""
    event_broker_queue: str = "placement_reporting"
    event_broker_exchange: str = "rasa-exchange"

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.var_dir / 'placement.db'}"

    @property
    def resolved_tracker_store_url(self) -> str:
        return self.tracker_store_url or f"sqlite:///{self.var_dir / TRACKER_STORE_FILE}"

    @property
    def outbox_dir(self) -> Path:
        return self.var_dir / "outbox"


@dataclass(frozen=True)
class Servers:
    host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_port: int = 5055
    console_port: int = 8000
    # shared secret for Rasa's HTTP API (the staff console uses it); empty: the launcher
    # makes a random one for each start
    rasa_token: str = ""
    # the action server (bot/action_side/server.py): the interface it listens on (loopback; set
    # the machine's address when Rasa runs elsewhere), the secret Rasa sends with every
    # call (empty: the launcher makes a random one for each start; set the same value on
    # both machines when they are two), and where Rasa reaches it (empty: this machine)
    action_host: str = "127.0.0.1"
    action_server_token: str = ""
    action_endpoint_url: str = ""
    # seconds Rasa waits for the action server (Rasa's own default is 300); a call that
    # fails or takes longer ends the turn, and the parent gets the apology with the offer
    # of a person (bot/rasa_side/action_calls.py, bot/channels/guard.py)
    action_timeout_seconds: float = 10.0
    # the production profile (`make run-prod`, docs/deploy.md): nginx takes rasa_port and
    # action_port and spreads the work over one Rasa process / action server per port here
    rasa_process_ports: str = "5006,5007"
    action_process_ports: str = "5056,5057"
    # proxies whose X-Forwarded-For the staff console and the REST channel believe
    # (comma-separated addresses or networks, bot/shared/forwarded.py); empty: none, every
    # request is from its connection's address. The production profile sets nginx's for
    # its Rasa processes.
    forwarded_allow_ips: str = ""

    @property
    def resolved_action_endpoint_url(self) -> str:
        if self.action_endpoint_url:
            return self.action_endpoint_url
        wildcard = self.action_host in ("0.0.0.0", "::", "")  # noqa: S104
        host = "127.0.0.1" if wildcard else self.action_host
        return f"http://{host}:{self.action_port}/webhook"


@dataclass(frozen=True)
class Organisation:
    organisation_name: str = "Kinderopvang De Regenboog"
    # the organisation's one e-mail address: the chat gives it to parents ({org_email} in
    # texts.yml) and its mails come from it (unless MAIL_FROM says otherwise)
    organisation_email: str = "plaatsing@deregenboog.example"
    # how the bot addresses parents: "u" (formal, default) or "je"
    address_form: str = "u"


@dataclass(frozen=True)
class Mail:
    # without smtp_host, mails are written as .eml files to var_dir/outbox
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = True
    # the sender; empty: ORGANISATION_EMAIL (bot/mail/sending.py from_address)
    mail_from: str = ""
    # the inbound mail receiver (bot/inbound_mail/server.py): parents' answers to a staff reply
    # sent by e-mail, addressed reply+<signed token>@reply_domain (empty: the domain of
    # mail_from); port 0: not started (docs/deploy.md, "Inbound mail")
    inbound_mail_host: str = "127.0.0.1"
    inbound_mail_port: int = 2525
    reply_domain: str = ""


@dataclass(frozen=True)
class Security:
    # identity check: one-time code lifetime and how long a verified identity lasts
    verification_code_minutes: int = 15
    identity_idle_minutes: int = 30
    # secret for hashing one-time codes; empty: derived per start (codes then die on restart)
    code_secret: str = ""
    # limits on one-time codes (bot/conversation/code_limits.py): code mails and codes tried
    # per registration number (across conversations) and per conversation, in a window;
    # past a registration's limit its codes are locked for code_lock_minutes
    code_limit_window_minutes: int = 60
    code_mails_per_registration: int = 6
    code_tries_per_registration: int = 10
    code_mails_per_conversation: int = 3
    code_tries_per_conversation: int = 6
    code_lock_minutes: int = 60


@dataclass(frozen=True)
class Website:
    enabled: bool = True
    # signs website chat session ids; empty: one is made once and kept in var_dir
    session_secret: str = ""
    # origins allowed to embed the widget ("*" or a comma-separated list); empty: only pages
    # the Rasa server serves itself (the demo site)
    allowed_origins: str = ""
    # a parent counts as gone when none of the conversation's tabs has been connected for
    # this many seconds: a staff reply then also goes by e-mail (bot/channels/presence.py)
    away_seconds: float = 120.0
    # the Rasa server's public address, for the link in such a mail that reopens the
    # conversation (empty: http://HOST:RASA_PORT), and the days that link works
    public_url: str = ""
    link_days: int = 14


@dataclass(frozen=True)
class MetaApp:
    """A Meta app's webhook (bot/channels/meta.py); off without app_secret."""

    app_secret: str = ""
    verify_token: str = ""
    api_url: str = "https://graph.facebook.com/v19.0"

    @property
    def enabled(self) -> bool:
        return bool(self.app_secret)


@dataclass(frozen=True)
class WhatsApp(MetaApp):
    """WhatsApp Business Cloud API."""

    access_token: str = ""
    phone_number_id: str = ""
    # the approved template sent outside WhatsApp's 24-hour service window
    template_name: str = ""
    template_language: str = "nl"


@dataclass(frozen=True)
class Messenger(MetaApp):
    """Facebook Messenger."""

    page_access_token: str = ""


@dataclass(frozen=True)
class Twilio:
    """WhatsApp through Twilio; off without auth_token."""

    account_sid: str = ""
    auth_token: str = ""
    # the sender, e.g. whatsapp:+14155238886
    whatsapp_number: str = ""
    # the public webhook URL configured at Twilio (the signature covers it); empty: as seen
    webhook_url: str = ""
    api_url: str = "https://api.twilio.com/2010-04-01"
    # the approved template (Content SID) sent outside the 24-hour service window
    template_content_sid: str = ""

    @property
    def enabled(self) -> bool:
        return bool(self.auth_token)


@dataclass(frozen=True)
class Callback:
    """Rasa's callback channel (bot/channels/callback.py), for a trusted front end: on only
    with a token, which the front end sends as `Authorization: Bearer`; the bot's messages
    are posted to the url (tests point it at a recorder)."""

    url: str = "http://127.0.0.1:9/callback"
    token: str = ""


@dataclass(frozen=True)
class Rest:
    """The REST channel: with a token every caller must send it (`Authorization: Bearer`);
    without one only callers on this machine are answered."""

    token: str = ""


@dataclass(frozen=True)
class Channels:
    """The channels inside Rasa (bot/channels); a channel without its secret is off. The
    API URLs are configurable so that tests can point them at a local server."""

    website: Website = field(default_factory=Website, metadata=SECTION)
    whatsapp: WhatsApp = field(default_factory=WhatsApp, metadata=SECTION)
    messenger: Messenger = field(default_factory=Messenger, metadata=SECTION)
    twilio: Twilio = field(default_factory=Twilio, metadata=SECTION)
    callback: Callback = field(default_factory=Callback, metadata=SECTION)
    rest: Rest = field(default_factory=Rest, metadata=SECTION)
    # seconds a turn may take before the parent gets an apology (bot/channels/guard.py)
    reply_timeout_seconds: float = 4.5


@dataclass(frozen=True)
class Policy:
    """The placement policy: priorities from first served to last, the tie-break within a
    priority (registered_on | desired_start_date), partial placement, whether parents may
    see their position, how far ahead offers are made, how far ahead to estimate."""

    placement_priority_order: str = "staff,smi,internal,sibling,none"
    placement_tie_break: str = "registered_on"
    allow_partial_placement: bool = True
    show_position: bool = False
    offer_lead_months: int = 2
    estimate_horizon_months: int = 24


@dataclass(frozen=True)
class Office:
    """Escalation to head office: office hours (local time), notifications."""

    office_timezone: str = "Europe/Amsterdam"
    office_opens: str = "08:30"
    office_closes: str = "17:00"
    # weekday codes ma,di,wo,do,vr,za,zo; Dutch public holidays are always closed
    office_days: str = "ma,di,wo,do,vr"
    # Liberation Day (5 May) is a day off only every fifth year unless this is true
    liberation_day_yearly: bool = False
    # minutes one waiting conversation adds to the expected wait until the queue has history
    handoff_minutes_per_conversation: float = 5.0
    # JSON webhook told of every new escalation (CRM, Teams, Slack); empty: none
    handoff_webhook_url: str = ""
    # mailbox told of escalations outside office hours
    staff_mailbox: str = "plaatsingsbureau@example.nl"
    notify_attempts: int = 4
    notify_backoff_seconds: float = 2.0


@dataclass(frozen=True)
class Console:
    """The staff console: cookie signing secret (empty: random per start, sessions end on
    restart), cookies only over HTTPS (set true behind TLS), the public address used in
    notification links, the login lock-out, and a demo admin on the first start of the
    embedded set-up (never in production)."""

    console_secret: str = ""
    console_https_only: bool = False
    console_public_url: str = ""
    login_max_failures: int = 5
    login_lock_minutes: int = 15
    demo_staff: bool = True


@dataclass(frozen=True)
class Updates:
    """Proactive updates (bot/updates): the file with cadence, thresholds and texts (empty:
    bot/updates/updates.yml), whether e-mail needs recorded consent, how often `make run`
    runs the job (0: never; use cron with `python -m bot updates send`), the chat page the
    messages link to (empty: the demo site of this Rasa server), and the secret that signs
    the unsubscribe links (empty: made once and kept in var_dir)."""

    updates_file: str = ""
    updates_require_consent: bool = False
    updates_interval_minutes: int = 60
    public_chat_url: str = ""
    updates_link_secret: str = ""


@dataclass(frozen=True)
class Config:
    """All groups; `Settings` (bot/settings.py) offers each as an attribute too."""

    storage: Storage = field(default_factory=Storage)
    servers: Servers = field(default_factory=Servers)
    organisation: Organisation = field(default_factory=Organisation)
    mail: Mail = field(default_factory=Mail)
    security: Security = field(default_factory=Security)
    channels: Channels = field(default_factory=Channels)
    policy: Policy = field(default_factory=Policy)
    office: Office = field(default_factory=Office)
    console: Console = field(default_factory=Console)
    updates: Updates = field(default_factory=Updates)


# the groups the Rasa process reads (its channels, stores and server); the launcher
# (bot/launcher/stack.py) hands exactly these to the services it starts
RASA_GROUPS = ("storage", "servers", "organisation", "channels")


@dataclass(frozen=True)
class Leaf:
    """One setting: its flat name (the variable in lower case), type and default."""

    name: str
    type: type
    default: Any


def leaves(cls: type, prefix: str = "") -> Iterator[Leaf]:
    """The settings of a group (or of Config: all of them), nested sections flattened."""
    for item in dataclasses.fields(cls):
        if dataclasses.is_dataclass(item.type):
            inner = _prefix(item, prefix)
            yield from leaves(item.type, inner)  # type: ignore[arg-type]
        else:
            yield Leaf(prefix + item.name, item.type, item.default)  # type: ignore[arg-type]


def build(cls: type[Group], value_of: Callable[[str], Any], prefix: str = "") -> Group:
    """An instance of the group `cls` whose setting `name` is `value_of(name)`."""
    values = {}
    for item in dataclasses.fields(cls):  # type: ignore[arg-type]
        if dataclasses.is_dataclass(item.type):
            inner = _prefix(item, prefix)
            values[item.name] = build(item.type, value_of, inner)  # type: ignore[arg-type]
        else:
            values[item.name] = value_of(prefix + item.name)
    return cls(**values)


TRUE = frozenset({"1", "true", "t", "yes", "y", "on"})
FALSE = frozenset({"0", "false", "f", "no", "n", "off"})


def parse(text: str, kind: type, name: str) -> Any:
    """A variable's text as the setting's type (booleans as pydantic reads them)."""
    if kind is bool:
        lowered = text.strip().lower()
        if lowered in TRUE | FALSE:
            return lowered in TRUE
        raise ValueError(f"{name.upper()}: expected true or false, got {text!r}")
    try:
        return kind(text.strip()) if kind in (int, float) else kind(text)
    except ValueError:
        raise ValueError(f"{name.upper()}: expected a {kind.__name__}, got {text!r}") from None


def read(cls: type[Group], environ: Mapping[str, str] | None = None) -> Group:
    """The group `cls` (e.g. `Channels`, or `Config` for all) from the environment; names
    are matched in any case, as pydantic-settings does. Read at each call, so a changed
    environment (a test) is seen."""
    source = os.environ if environ is None else environ
    given = {name.lower(): text for name, text in source.items()}
    defaults = {leaf.name: leaf for leaf in leaves(cls)}

    def value_of(name: str) -> Any:
        leaf = defaults[name]
        return parse(given[name], leaf.type, name) if name in given else leaf.default

    return build(cls, value_of)


def as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def environment(group: Any, prefix: str = "") -> dict[str, str]:
    """The variables that make `read` give `group` back (a group instance, or Config)."""
    env = {}
    for item in dataclasses.fields(group):
        value = getattr(group, item.name)
        if dataclasses.is_dataclass(item.type):
            env.update(environment(value, _prefix(item, prefix)))
        else:
            env[(prefix + item.name).upper()] = as_text(value)
    return env
