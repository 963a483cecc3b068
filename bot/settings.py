"""Application settings, read once from the environment (and an optional `.env` file).

Every value has a working default for the embedded set-up: SQLite files and the e-mail
outbox under `var/`, no external service. Production sets the same names to PostgreSQL,
Redis and SMTP (see `.env.example`).
"""

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    var_dir: Path = PROJECT_ROOT / "var"
    # SQLAlchemy URL of the waitlist database; empty means SQLite in var_dir
    database_url: str = ""
    # Rasa's SQL tracker store; empty means SQLite in var_dir
    tracker_store_url: str = ""
    # Rasa's lock store: in_memory (one Rasa process) or redis
    lock_store_type: str = "in_memory"
    redis_host: str = "127.0.0.1"
    redis_port: int = 6379
    redis_db: int = 0

    host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_port: int = 5055
    console_port: int = 8000
    # shared secret for Rasa's HTTP API (the staff console uses it); empty: the launcher
    # makes a random one for each start
    rasa_token: str = ""
    # the action server (bot/action_server.py): the interface it listens on (loopback; set
    # the machine's address when Rasa runs elsewhere), the secret Rasa sends with every
    # call (empty: the launcher makes a random one for each start; set the same value on
    # both machines when they are two), and where Rasa reaches it (empty: this machine)
    action_host: str = "127.0.0.1"
    action_server_token: str = ""
    action_endpoint_url: str = ""

    organisation_name: str = "Kinderopvang De Regenboog"
    # "u" (formal, default) or "je"
    address_form: str = "u"

    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = True
    mail_from: str = "plaatsingsbureau@example.nl"

    # days that conversations, handed-over transcripts and identity check records are kept
    # (`python -m bot purge`, bot/retention.py)
    transcript_retention_days: int = 90
    # the services' log files (var/log/): rotated at this size or daily, at most this many
    # old files, each purged with the retention period
    log_max_mb: int = 10
    log_backups: int = 20

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

    # channels (bot/channels); a channel without its secret is off. Meta's Graph API URL is
    # configurable so that tests can point it at a local server.
    website_enabled: bool = True
    # signs website chat session ids; empty: one is made once and kept in var_dir
    website_session_secret: str = ""
    # origins allowed to embed the widget ("*" or a comma-separated list); empty: only pages
    # the Rasa server serves itself (the demo site)
    website_allowed_origins: str = ""
    whatsapp_app_secret: str = ""
    whatsapp_verify_token: str = ""
    whatsapp_access_token: str = ""
    whatsapp_phone_number_id: str = ""
    whatsapp_api_url: str = "https://graph.facebook.com/v19.0"
    # the approved template sent outside WhatsApp's 24-hour service window
    whatsapp_template_name: str = ""
    whatsapp_template_language: str = "nl"
    messenger_app_secret: str = ""
    messenger_verify_token: str = ""
    messenger_page_access_token: str = ""
    messenger_api_url: str = "https://graph.facebook.com/v19.0"
    twilio_account_sid: str = ""
    twilio_auth_token: str = ""
    # the sender, e.g. whatsapp:+14155238886
    twilio_whatsapp_number: str = ""
    # the public webhook URL configured at Twilio (the signature covers it); empty: as seen
    twilio_webhook_url: str = ""
    twilio_api_url: str = "https://api.twilio.com/2010-04-01"
    twilio_template_content_sid: str = ""

    # placement policy: priorities from first served to last, the tie-break within a
    # priority (registered_on | desired_start_date), partial placement, whether parents
    # may see their position, how far ahead offers are made, how far ahead to estimate
    placement_priority_order: str = "staff,smi,internal,sibling,none"
    placement_tie_break: str = "registered_on"
    allow_partial_placement: bool = True
    show_position: bool = False
    offer_lead_months: int = 2
    estimate_horizon_months: int = 24

    # escalation to head office: office hours (local time), notifications
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
    # Rasa's callback channel (bot/channels/callback.py), for a trusted front end: on only
    # with a token, which the front end sends as `Authorization: Bearer`; the bot's messages
    # are posted to the url (tests point it at a recorder)
    callback_url: str = "http://127.0.0.1:9/callback"
    callback_token: str = ""
    # the REST channel: with a token every caller must send it (`Authorization: Bearer`);
    # without one only callers on this machine are answered
    rest_token: str = ""

    # proactive updates (bot/updates): the file with cadence, thresholds and texts (empty:
    # bot/updates/updates.yml), whether e-mail needs recorded consent, how often `make run`
    # runs the job (0: never; use cron with `python -m bot updates send`), and the chat
    # page the messages link to (empty: the demo site of this Rasa server)
    updates_file: str = ""
    updates_require_consent: bool = False
    updates_interval_minutes: int = 60
    public_chat_url: str = ""
    # signs the unsubscribe links (empty: made once and kept in var_dir)
    updates_link_secret: str = ""

    # staff console: cookie signing secret (empty: random per start, sessions end on
    # restart), cookies only over HTTPS (set true behind TLS), login lock-out
    console_secret: str = ""
    console_https_only: bool = False
    console_public_url: str = ""
    login_max_failures: int = 5
    login_lock_minutes: int = 15
    # create a demo admin on first start of the embedded set-up (never in production)
    demo_staff: bool = True

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.var_dir / 'placement.db'}"

    @property
    def resolved_tracker_store_url(self) -> str:
        return self.tracker_store_url or f"sqlite:///{self.var_dir / 'rasa.db'}"

    @property
    def resolved_action_endpoint_url(self) -> str:
        if self.action_endpoint_url:
            return self.action_endpoint_url
        wildcard = self.action_host in ("0.0.0.0", "::", "")  # noqa: S104
        host = "127.0.0.1" if wildcard else self.action_host
        return f"http://{host}:{self.action_port}/webhook"

    @property
    def resolved_console_url(self) -> str:
        return self.console_public_url or f"http://{self.host}:{self.console_port}"

    @property
    def resolved_chat_url(self) -> str:
        return self.public_chat_url or f"http://{self.host}:{self.rasa_port}/webhooks/website/demo"

    @property
    def outbox_dir(self) -> Path:
        return self.var_dir / "outbox"


@lru_cache
def get_settings() -> Settings:
    return Settings()
