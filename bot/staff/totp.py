"""Time-based one-time passwords (RFC 6238, on HOTP of RFC 4226), with the standard library.

Authenticator apps read an `otpauth://totp/...` URI (or the base32 secret typed in) and show
a 6-digit code for every 30-second step. A code is accepted for the step before and after
the server's (clocks drift); the caller keeps the step of the last accepted code so that no
code is accepted twice (bot/staff/second_factor.py)."""

import base64
import hashlib
import hmac
import secrets
import struct
from datetime import datetime
from urllib.parse import quote, urlencode

STEP_SECONDS = 30
DIGITS = 6
WINDOW = 1  # steps accepted before and after the current one


def new_secret() -> str:
    """160 random bits (RFC 4226's recommended length for HMAC-SHA1), base32 without padding."""
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def _key(secret: str) -> bytes:
    cleaned = secret.replace(" ", "").upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def step_at(moment: datetime, step_seconds: int = STEP_SECONDS) -> int:
    return int(moment.timestamp()) // step_seconds


def hotp(key: bytes, counter: int, digits: int = DIGITS, digest: str = "sha1") -> str:
    """RFC 4226's HOTP: dynamic truncation of HMAC(key, counter)."""
    mac = hmac.new(key, struct.pack(">Q", counter), getattr(hashlib, digest)).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def code_at(secret: str, moment: datetime) -> str:
    """The code an authenticator app shows at `moment` for the base32 `secret`."""
    return hotp(_key(secret), step_at(moment))


def matching_step(secret: str, code: str, moment: datetime, after: int | None) -> int | None:
    """The step (within WINDOW of `moment`, later than `after`) whose code is `code`; None
    when the code is wrong, too old or was already used (its step is not after `after`)."""
    code = code.strip().replace(" ", "")
    if len(code) != DIGITS or not code.isdigit():
        return None
    key = _key(secret)
    now_step = step_at(moment)
    found = None
    for step in range(now_step - WINDOW, now_step + WINDOW + 1):
        # every candidate is compared, in constant time, whatever matched before
        if hmac.compare_digest(hotp(key, step), code) and found is None:
            found = step
    if found is None or (after is not None and found <= after):
        return None
    return found


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    """The otpauth:// URI authenticator apps read (as a QR code or pasted)."""
    label = quote(f"{issuer}:{account}", safe="@:")
    query = urlencode(
        {
            "secret": secret,
            "issuer": issuer,
            "algorithm": "SHA1",
            "digits": DIGITS,
            "period": STEP_SECONDS,
        },
        quote_via=quote,
    )
    return f"otpauth://totp/{label}?{query}"
