"""Parents' requests as work for head office: intake with its confirmation, the list's
filters, claiming, closing with a message that reaches the parent, the planning export and
closing by the next import. On SQLite and PostgreSQL."""

import csv
import email
import io
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from bot.commands.import_export import chat_languages
from bot.parent_requests import planning, work
from bot.parent_requests.intake import confirm, store_request
from bot.parent_requests.models import RegistrationRequest
from bot.parent_requests.withdrawal import withdraw_latest
from bot.settings import Settings
from bot.shared import clock
from bot.updates.preferences import chat_language, remember_language
from bot.waitlist.importer import import_directory
from tests.support.export_files import GROUPS, LOCATIONS, write_export

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=timezone.utc)
HEADER = (
    "registration_number,child_first_name,child_birth_date,parent_name,parent_email,"
    "parent_phone,care_type,location_codes,weekdays,desired_start_date,registered_on,"
    "priority,status\n"
)


def registrations(*, weekdays: str = "ma", locations: str = "UTR-ZON", status: str = "waiting"):
    return HEADER + (
        f"INS-000001,Mila,2025-09-01,Sanne,sanne@example.nl,+31612345678,kdv,{locations},"
        f"{weekdays},2026-02-01,2025-03-01,none,{status}\n"
        "INS-000002,Daan,2025-05-01,Joost,,+31612345679,kdv,UTR-BOO,di,2026-03-01,"
        "2025-03-02,none,waiting\n"
    )


def load(session: Session, folder: Path, **changes: str) -> None:
    directory = write_export(
        folder, locations=LOCATIONS, groups=GROUPS, registrations=registrations(**changes)
    )
    import_directory(session=session, directory=directory)
    session.info.pop("registrations", None)  # find_registration's per-session memory


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(_env_file=None, var_dir=tmp_path, smtp_host="")


@pytest.fixture
def session(db_session: Session, tmp_path: Path) -> Session:
    load(db_session, tmp_path / "first")
    return db_session


def mails(settings: Settings) -> list[email.message.Message]:
    return [
        email.message_from_bytes(p.read_bytes()) for p in sorted(settings.outbox_dir.glob("*.eml"))
    ]


def new_request(session: Session, words: str, kind: str = "change", number: str = "INS-000001"):
    return store_request(
        session=session,
        number=number,
        kind=kind,
        details=words,
        channel="website",
        sender_id="website:abc",
        now=NOW - timedelta(days=3),
    )


def test_a_change_keeps_the_words_and_what_they_name_that_is_new(session: Session) -> None:
    request = new_request(session, "Graag woensdag erbij en maandag houden, vanaf 1-3-2026")

    assert request.details == "Graag woensdag erbij en maandag houden, vanaf 1-3-2026"
    assert request.weekdays == "wo"  # maandag it has already
    assert request.start_date == date(2026, 3, 1)
    assert new_request(session, "liever bij De Boomhut").location_codes == "UTR-BOO"
    assert new_request(session, "maandag niet meer").weekdays == ""  # for a person


def test_the_confirmation_mail_goes_to_the_parent_and_is_recorded(
    session: Session, settings: Settings
) -> None:
    request = new_request(session, "woensdag erbij")

    assert confirm(session=session, request=request, settings=settings)

    [mail] = mails(settings)
    assert mail["To"] == "sanne@example.nl"
    assert mail["Subject"] == "Ontvangen: uw verzoek over Mila"
    assert "INS-000001" in mail.get_payload() and "woensdag erbij" in mail.get_payload()
    assert request.confirmed_at is not None


def test_no_address_or_a_failing_mail_server_leaves_the_request_unconfirmed(
    session: Session, settings: Settings, tmp_path: Path
) -> None:
    without_address = new_request(session, "dinsdag erbij", number="INS-000002")
    assert not confirm(session=session, request=without_address, settings=settings)
    (tmp_path / "outbox").write_text("a file where the folder should be")
    request = new_request(session, "woensdag erbij")
    assert not confirm(session=session, request=request, settings=settings)
    assert request.confirmed_at is None and request.id is not None


def test_the_list_filters_by_kind_status_location_channel_and_age(session: Session) -> None:
    change = new_request(session, "woensdag erbij")
    cancel = new_request(session, "intrekken", kind="cancel", number="INS-000002")
    fresh = store_request(
        session=session,
        number="INS-000001",
        kind="change",
        details="x",
        channel="whatsapp",
        now=NOW,
    )

    def ids(**wanted: object) -> list[int]:
        found = work.find(session=session, wanted=work.RequestFilter(**wanted), now=NOW)
        return [r.id for r in found]

    assert ids() == [change.id, cancel.id, fresh.id]
    assert ids(kind="cancel") == [cancel.id]
    assert ids(location="UTR-BOO") == [cancel.id]
    assert ids(channel="whatsapp") == [fresh.id]
    assert ids(older_than_days=2) == [change.id, cancel.id]
    work.claim(request=change, staff_id=7)
    assert ids(status="open") == [cancel.id, fresh.id]
    assert ids(status="unfinished") == [change.id, cancel.id, fresh.id]
    assert ids(number="ins-000002") == [cancel.id]


def test_a_claimed_request_is_closed_by_its_claimer_only(
    session: Session, settings: Settings
) -> None:
    request = new_request(session, "woensdag erbij")
    work.claim(request=request, staff_id=7)
    with pytest.raises(work.RequestError):
        work.claim(request=request, staff_id=8)
    with pytest.raises(work.RequestError):
        close(session, request, settings, staff_id=8)
    close(session, request, settings, staff_id=7)
    with pytest.raises(work.RequestError):
        close(session, request, settings, staff_id=7)


def close(session: Session, request: RegistrationRequest, settings: Settings, **kw) -> list:
    said: list = []

    def chat(sender: str, text: str) -> bool:
        said.append((sender, text))
        return kw.pop("chat_open", True)

    work.close(
        session=session,
        request=request,
        staff_id=kw.pop("staff_id", 7),
        outcome=kw.pop("outcome", work.RESOLVED),
        message=kw.pop("message", "Vanaf maart komt Mila ook op woensdag."),
        now=NOW,
        chat=chat,
        settings=settings,
        spoken=chat_language(session=session, number=request.registration_number),
    )
    return said


def test_the_outcome_is_mailed_and_also_said_in_the_chat_while_it_is_open(
    session: Session, settings: Settings
) -> None:
    in_chat = new_request(session, "woensdag erbij")
    said = close(session, in_chat, settings)
    assert said[0][0] == "website:abc" and "Vanaf maart komt Mila ook op woensdag." in said[0][1]
    assert (in_chat.status, in_chat.outcome_sent_by) == ("resolved", "both")
    [first_mail] = mails(settings)
    assert "Vanaf maart komt Mila ook op woensdag." in first_mail.get_payload()

    by_mail = new_request(session, "vrijdag erbij")
    close(session, by_mail, settings, chat_open=False, outcome=work.REJECTED, message="Vol.")
    mail = [m for m in mails(settings) if "Vol." in m.get_payload()]
    assert len(mails(settings)) == 2 and "niet uitvoeren" in mail[0].get_payload()
    assert by_mail.outcome_sent_by == "mail" and by_mail.closed_at == NOW

    no_address = new_request(session, "dinsdag erbij", number="INS-000002")
    close(session, no_address, settings)
    assert no_address.outcome_sent_by == "channel" and len(mails(settings)) == 2


def test_the_export_speaks_the_imports_vocabulary(session: Session) -> None:
    new_request(session, "woensdag erbij, bij De Boomhut, vanaf 1-3-2026")
    new_request(session, "=HYPERLINK(kwaad)\nintrekken", kind="cancel")

    rows = list(
        csv.DictReader(
            io.StringIO(
                planning.export_csv(
                    session, work.find(session=session, wanted=work.RequestFilter(), now=NOW)
                )
            )
        )
    )

    assert rows[0]["weekdays"] == "wo" and rows[0]["location_codes"] == "UTR-BOO"
    assert rows[0]["desired_start_date"] == "2026-03-01" and rows[0]["status"] == ""
    assert rows[1]["status"] == "withdrawn" and rows[1]["parent_words"].startswith("'=")


@pytest.mark.parametrize("separator", [",", ";", "\t", "|"])
def test_no_cell_is_a_formula_whichever_separator_the_spreadsheet_reads(
    session: Session, separator: str
) -> None:
    """A Dutch spreadsheet splits the planners' file on `;`, others on `,` or a tab."""
    new_request(session, "Dinsdag erbij;=2+5;@SUM(1+1);+1+1, -3|=cmd\t@x")
    text = planning.export_csv(
        session, work.find(session=session, wanted=work.RequestFilter(), now=NOW)
    )

    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=separator) for cell in row]
    assert not [cell for cell in cells if cell.lstrip()[:1] in ("=", "+", "-", "@")]
    assert "Dinsdag erbij;'=2+5;'@SUM(1+1);'+1+1, '-3|'=cmd @x" in text


def test_an_import_that_reflects_a_request_closes_it_and_tells_the_parent(
    session: Session, settings: Settings, tmp_path: Path
) -> None:
    added_day = new_request(session, "woensdag erbij")
    free_words = new_request(session, "we willen een andere groep")
    cancel = new_request(session, "intrekken", kind="cancel")

    assert (
        planning.close_reflected(
            session=session,
            now=NOW,
            chat=lambda s, t: False,
            settings=settings,
            language_of=chat_languages(session),
        )
        == []
    )
    load(session, tmp_path / "second", weekdays="ma|wo", status="withdrawn")
    done = planning.close_reflected(
        session=session,
        now=NOW,
        chat=lambda s, t: False,
        settings=settings,
        language_of=chat_languages(session),
    )

    assert {r.id for r in done} == {added_day.id, cancel.id}
    assert free_words.status == "open"
    assert len(mails(settings)) == 2 and added_day.outcome_sent_by == "mail"


def test_the_outcome_reaches_an_english_speaking_parent_in_english(
    session: Session, settings: Settings
) -> None:
    """A parent who passed the identity check in English hears the outcome in English."""
    remember_language(session=session, number="INS-000001", language="en")
    request = new_request(session, "woensdag erbij")
    said = close(session, request, settings)
    assert said[0][1].startswith("A message from our placement team")
    [mail] = mails(settings)
    assert mail["Subject"] == "Done: your request about Mila"
    assert "has been dealt with" in mail.get_payload()


def test_a_request_an_import_closes_tells_an_english_parent_in_english(
    session: Session, settings: Settings, tmp_path: Path
) -> None:
    remember_language(session=session, number="INS-000001", language="en")
    added_day = new_request(session, "add Wednesday, please")
    said: list[str] = []
    load(session, tmp_path / "second", weekdays="ma|wo")

    [done] = planning.close_reflected(
        session=session,
        now=NOW,
        chat=lambda s, t: said.append(t) or True,
        settings=settings,
        language_of=chat_languages(session),
    )

    assert done is added_day and done.outcome == "Your registration has been updated."
    [mail] = mails(settings)
    assert mail["Subject"] == "Done: your request about Mila"
    text = " ".join(mail.get_payload().split())
    assert text.startswith("Dear parent,") and "Your registration has been updated." in text
    assert "Uw" not in text and "planning" not in text
    assert said[0].startswith("A message from our placement team")
    assert said[0].endswith("Your registration has been updated.")


def test_a_je_parent_s_request_closed_by_an_import_says_je(
    session: Session, tmp_path: Path
) -> None:
    settings = Settings(_env_file=None, var_dir=tmp_path, smtp_host="", address_form="je")
    new_request(session, "woensdag erbij")
    load(session, tmp_path / "second", weekdays="ma|wo")
    [done] = planning.close_reflected(
        session=session,
        now=NOW,
        chat=lambda s, t: False,
        settings=settings,
        language_of=chat_languages(session),
    )
    assert done.outcome == "Je inschrijving is aangepast."
    [mail] = mails(settings)
    assert mail["Subject"] == "Geregeld: je verzoek over Mila"


def test_the_confirmation_names_the_child_and_the_day_we_answer_by(
    session: Session, settings: Settings
) -> None:
    """Filed on Friday 27 November: five working days later is Friday 4 December."""
    request = new_request(session, "woensdag erbij")
    assert confirm(session=session, request=request, settings=settings)
    [mail] = mails(settings)
    assert mail["Subject"] == "Ontvangen: uw verzoek over Mila"
    text = " ".join(mail.get_payload().split())
    assert "de inschrijving van Mila (INS-000001)" in text
    assert "Uiterlijk vrijdag 4 december" in text and "laten we u weten of het lukt" in text


def test_a_removal_names_nothing_an_import_could_show_as_done(session: Session) -> None:
    assert new_request(session, "alleen nog De Boomhut").location_codes == ""
    assert new_request(session, "drop Monday, Wednesday instead").weekdays == ""


def test_the_parent_withdraws_the_conversations_latest_open_request(
    session: Session, settings: Settings
) -> None:
    other_chat = new_request(session, "dinsdag erbij")
    other_chat.sender_id = "website:other"
    older, latest = (
        new_request(session, "woensdag erbij"),
        new_request(session, "intrekken", "cancel"),
    )
    assert confirm(session=session, request=latest, settings=settings)
    moment = clock.now()

    withdrawn = withdraw_latest(
        session=session, sender_id="website:abc", now=moment, settings=settings
    )

    assert withdrawn is latest and (latest.status, latest.closed_at) == ("withdrawn", moment)
    assert (older.status, other_chat.status) == ("open", "open")
    withdrawal = [m for m in mails(settings) if "ingetrokken" in m.get_payload()]
    assert len(withdrawal) == 1 and "intrekken" in withdrawal[0].get_payload()
    with pytest.raises(work.RequestError):  # nothing left for staff to close
        close(session, latest, settings)
    to_do = work.find(session=session, wanted=work.RequestFilter(status="unfinished"), now=NOW)
    assert latest not in to_do  # the console's default list: work to do
    listed = work.find(session=session, wanted=work.RequestFilter(status="withdrawn"), now=NOW)
    assert listed == [latest]
    # unconfirmed: withdrawn without a mail; and the next one is the older request
    assert withdraw_latest(session=session, sender_id="website:abc", now=moment) is older
    assert len(mails(settings)) == 2
    assert withdraw_latest(session=session, sender_id="website:abc", now=moment) is None
