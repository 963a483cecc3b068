"""TOTP as RFC 6238 defines it (bot/staff/totp.py): the RFC's test vectors, the window of
one step either side, and no code accepted twice."""

from datetime import datetime, timedelta, timezone

import pytest

from bot.staff import totp

# RFC 6238, Appendix B: the seeds (ASCII) per hash, and 8-digit codes at these times
SEEDS = {
    "sha1": b"12345678901234567890",
    "sha256": b"12345678901234567890123456789012",
    "sha512": b"1234567890123456789012345678901234567890123456789012345678901234",
}
VECTORS = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]


@pytest.mark.parametrize(("seconds", "sha1", "sha256", "sha512"), VECTORS)
def test_the_rfc_6238_test_vectors(seconds: int, sha1: str, sha256: str, sha512: str) -> None:
    moment = datetime.fromtimestamp(seconds, timezone.utc)
    step = totp.step_at(moment)
    for digest, expected in (("sha1", sha1), ("sha256", sha256), ("sha512", sha512)):
        assert totp.hotp(SEEDS[digest], step, digits=8, digest=digest) == expected


def test_the_app_code_is_the_rfc_code_in_six_digits_from_the_base32_secret() -> None:
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # base32 of the SHA-1 seed
    assert totp.code_at(secret, datetime.fromtimestamp(59, timezone.utc)) == "287082"
    assert totp.code_at(secret, datetime.fromtimestamp(1234567890, timezone.utc)) == "005924"


def test_a_code_is_accepted_one_step_either_side_and_only_once() -> None:
    secret = "JBSWY3DPEHPK3PXP"
    now = datetime(2026, 12, 7, 10, 0, 15, tzinfo=timezone.utc)
    step = totp.step_at(now)
    for offset in (-1, 0, 1):
        code = totp.code_at(secret, now + timedelta(seconds=30 * offset))
        assert totp.matching_step(secret, code, now, after=None) == step + offset
        # the step of an accepted code (or a later one) is recorded: never again
        assert totp.matching_step(secret, code, now, after=step + offset) is None
    for far in (-2, 2):
        code = totp.code_at(secret, now + timedelta(seconds=30 * far))
        assert totp.matching_step(secret, code, now, after=None) is None
    assert totp.matching_step(secret, "12345", now, after=None) is None
    assert totp.matching_step(secret, "abcdef", now, after=None) is None


def test_the_provisioning_uri_names_the_secret_issuer_and_account() -> None:
    uri = totp.provisioning_uri("JBSWY3DPEHPK3PXP", "beheer@example.nl", "De Regenboog console")
    assert uri.startswith("otpauth://totp/De%20Regenboog%20console:beheer@example.nl?")
    assert "secret=JBSWY3DPEHPK3PXP" in uri and "issuer=De%20Regenboog%20console" in uri
    assert "period=30" in uri and "digits=6" in uri
