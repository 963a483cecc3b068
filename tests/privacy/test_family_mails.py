"""A family's mails in the outbox are found without parsing every mail there (those the
outbox wrote by their names alone), and a mail written in another transfer encoding is
still found."""

from email.message import EmailMessage
from pathlib import Path

from bot.mail.outbox import tag, tags_of
from bot.mail.sending import send_mail
from bot.privacy.family import Family, _mails
from bot.settings import Settings


def mail(outbox: Path, name: str, to: str, body: str, cte: str | None = None) -> Path:
    message = EmailMessage()
    message["To"], message["Subject"] = to, "Uw inschrijving"
    message.set_content(body, cte=cte) if cte else message.set_content(body)
    path = outbox / f"{name}.eml"
    path.write_bytes(bytes(message))
    return path


def test_the_familys_mails_by_address_or_number_whatever_the_encoding(tmp_path: Path) -> None:
    family = Family(numbers=["INS-000123"], emails=["ouder@example.nl"], phones=[])
    to_parent = mail(tmp_path, "a", "Ouder@Example.nl", "Beste ouder, uw plek komt eraan.")
    naming = mail(tmp_path, "b", "ander@example.nl", "Over inschrijving INS-000123: geen nieuws.")
    encoded = mail(tmp_path, "c", "ander@example.nl", "Inschrijving INS-000123 ✓", cte="base64")
    printable = mail(
        tmp_path, "d", "ander@example.nl", "Inschrijving INS-000123 één", cte="quoted-printable"
    )
    mail(tmp_path, "e", "ander@example.nl", "Inschrijving INS-000124: iemand anders.")
    mail(tmp_path, "f", "ander@example.nl", "Inschrijving INS-000999 ✓", cte="base64")
    assert b"INS-000123" not in encoded.read_bytes()  # only found by reading it
    assert _mails(tmp_path, family) == [to_parent, naming, encoded, printable]


def test_mails_the_outbox_wrote_are_found_by_their_names_without_reading_the_others(
    tmp_path: Path,
) -> None:
    settings = Settings(_env_file=None, var_dir=tmp_path, smtp_host="")
    family = Family(numbers=["INS-000123"], emails=["ouder@example.nl"], phones=[])
    to_parent = send_mail(
        to="Ouder@Example.nl", subject="Plek", body="Beste ouder", settings=settings
    )
    naming = send_mail(
        to="ander@example.nl", subject="Vraag", body="Over INS-000123", settings=settings
    )
    other = send_mail(
        to="ander@example.nl", subject="Vraag", body="Over INS-000124", settings=settings
    )
    assert to_parent and naming and other

    assert _mails(settings.outbox_dir, family) == sorted([to_parent, naming])
    # the name decides: a mail tagged for someone else is not even read
    elsewhere = to_parent.with_name(f"{to_parent.name.split('.')[0]}.{tag('x@example.nl')}.eml")
    to_parent.rename(elsewhere)
    assert _mails(settings.outbox_dir, family) == [naming]
    assert tags_of(other.name) == {tag("ander@example.nl"), tag("INS-000124")}
