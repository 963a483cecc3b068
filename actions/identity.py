"""The identity check as a form: registration number, birth date, then a one-time code;
for a change request the form then also asks what should change.

All three are asked only for a registration not yet checked in this conversation; a
verified identity lasts until 30 minutes of silence (see `identity_is_fresh`). A second
child's number (bot/conversation/children.py) is checked the same way while the first
child stays verified; every child checked is kept in `verified_children` (number -> first
name), `verified_registration` is the one the bot is answering about."""

import re
from datetime import date, datetime
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecutionRejected, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions.base import SafeAction
from actions.common import (
    RESEND_CODE,
    SafeFormValidation,
    choice,
    form,
    language,
    offer,
    person_button,
    say,
    speak_language_of,
    with_database,
)
from bot.conversation import birth_given, formats
from bot.conversation.answers import accepted_offer, asks_in_between
from bot.conversation.birth_given import GivenBirth
from bot.conversation.change_values import is_noise, subject_of, subjects_of
from bot.conversation.identity import (
    CodeOutcome,
    DetailsOutcome,
    DetailsResult,
    check_code,
    check_details,
)
from bot.conversation.parsing import parse_code, parse_date
from bot.conversation.said import birth_said, holds_new_value, numbers_in
from bot.conversation.short_replies import (
    OFFER_CHECK,
    OFFER_NEW_CODE,
    OFFER_PERSON,
    code_not_received,
)
from bot.conversation.tracker import (
    CHILDREN,
    PHONE_CHANNELS,
    change_request_words,
    checked_children,
    client_of,
    form_follows_message,
    identity_is_fresh,
    latest_user_metadata,
    registration_checked,
    set_this_turn,
    value_before_message,
)
from bot.conversation.word_patterns import asks
from bot.settings import get_settings
from bot.shared import clock
from bot.updates.preferences import remember_language
from bot.waitlist.numbers import normalize_registration_number
from bot.waitlist.queries import find_registration

MAX_FAILURES_PER_CONVERSATION = 3
IDENTITY_FORM_SLOTS = ["registration_number", "child_birth_date", "verification_code"]
# what the parent hears when the limits per client or per registration stop the check
LOCK_TEXTS = {
    DetailsOutcome.CLIENT_LOCKED: "identity_client_locked",
    DetailsOutcome.REGISTRATION_LOCKED: "identity_registration_locked",
}
# a year as parents type it: 2024, or the short year of 4-5-24
HAS_YEAR = re.compile(r"\b(19|20)\d{2}\b|\b\d{1,2}[-/. ]\d{1,2}[-/. ]\d{2}\b")
YEAR_ONLY = re.compile(r"^\D*((?:19|20)\d{2})\D*$")


def first_name(session: Session, number: str) -> str:
    found = find_registration(session=session, number=number)
    return found.child.first_name if found else ""


def say_not_a_code(dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
    """What the code looks like and where it is, with a new code and a person to choose;
    the offer of a new code stays open for the parent's "ja"."""
    minutes = get_settings().verification_code_minutes
    dispatcher.utter_message(
        text=say("not_a_code", minutes=minutes), buttons=[choice("new_code"), person_button()]
    )
    return offer(OFFER_NEW_CODE)


async def details_checked(
    tracker: Tracker, number: str, birth_date: str, phone: str | None = None
) -> DetailsResult:
    """check_details for this conversation and its client, in the conversation's form;
    `phone`: the WhatsApp number the channel vouches for (none when a code is resent). The
    children checked while the identity is fresh may spare a brother or sister the code."""
    variant, client = form(), client_of(tracker)
    checked = tuple(checked_children(tracker)) if identity_is_fresh(tracker) else ()
    return await with_database(
        lambda session: check_details(
            session=session,
            number=number,
            birth_date=datetime.fromisoformat(birth_date).date(),
            sender_id=tracker.sender_id,
            client=client,
            channel_phone=phone,
            checked_numbers=checked,
            form=variant,
        )
    )


async def resend_code(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """A new code for the number and birth date the check has (within the code limits of
    bot/conversation/code_limits.py), with where to look; past the limits, a person."""
    number = tracker.get_slot("registration_number")
    result = await details_checked(tracker, number, tracker.get_slot("child_birth_date"))
    if result.outcome is DetailsOutcome.CODE_SENT:
        dispatcher.utter_message(text=say("code_resent", address=result.masked_address))
        return []
    dispatcher.utter_message(text=say("code_resend_limit"), buttons=[person_button()])
    return offer(OFFER_PERSON)


def with_year(value: str, text: str, day_month: str | None) -> tuple[date | None, str | None]:
    """The birth date the parent gave, or (None, "MM-DD") when it had no year.

    The language pipeline fills in a year for "4 mei"; for the identity check a guessed
    year would count as a failed attempt, so the bot asks for the year instead."""
    year = YEAR_ONLY.match(text.strip())
    if day_month and year:
        month, day = (int(part) for part in day_month.split("-"))
        try:
            return date(int(year.group(1)), month, day), None
        except ValueError:
            return None, None
    birth_date = parse_date(value)
    if birth_date is not None and text and not HAS_YEAR.search(text):
        return None, f"{birth_date.month:02d}-{birth_date.day:02d}"
    return birth_date, None


def with_given_year(day_month: str, born: GivenBirth | None) -> date | None:
    """ "14 maart" ("03-14") in the year of the month the parent gave ("maart 2025")."""
    month, day = (int(part) for part in day_month.split("-"))
    if born is None or born.day is not None or born.month.month != month:
        return None
    try:
        return born.month.replace(day=day)
    except ValueError:
        return None


class ValidateIdentityForm(SafeFormValidation):
    def name(self) -> str:
        return "validate_identity_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        if tracker.get_slot("identity_blocked"):
            return []
        identity = [] if registration_checked(tracker) else IDENTITY_FORM_SLOTS
        # a change request also needs the change itself, asked once the parent is known;
        # not yet when its words may answer an open offer ("kan de startdatum later?")
        wants_change = tracker.get_slot("pending_question") == "change" and not (
            tracker.get_slot("offer_words")
        )
        return identity + (["change_details"] if wants_change else [])

    async def validate_registration_number(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"registration_number": None}  # cleared, not typed
        number = normalize_registration_number(str(value))
        if number is None and tracker.get_slot("requested_slot") != "registration_number":
            # something else was asked ("in 2025" for the year): keep the number we have
            return {"registration_number": value_before_message(tracker, "registration_number")}
        if number is None:
            dispatcher.utter_message(text=say("invalid_registration_number"))
            return {"registration_number": None}
        typed = [
            n for n in numbers_in(tracker.latest_message) if n not in checked_children(tracker)
        ]
        if len(typed) > 1:
            # "onze tweeling, INS-… en INS-…": the first, not Rasa's pick of the last; the
            # other is offered once this one is answered (actions/registration.py)
            number = typed[0]
        known_birth_date = tracker.get_slot("child_birth_date")
        if known_birth_date and "child_birth_date" not in tracker.slots_to_validate():
            # a correction of the number once the birth date is known: check the pair again
            return await self._check_details(dispatcher, tracker, number, known_birth_date)
        if "child_birth_date" in tracker.slots_to_validate():
            # typed where the birth date was asked: the number, not also a date
            return {"registration_number": number, "child_birth_date": None}
        return {"registration_number": number}

    async def validate_child_birth_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"child_birth_date": None}  # cleared (a stale identity), not typed
        text = tracker.latest_message.get("text") or ""
        if normalize_registration_number(str(value)):
            return {"child_birth_date": None}  # a (corrected) number; the date is asked again
        born = birth_said(tracker)
        birth_date, day_month = with_year(str(value), text, tracker.get_slot("birth_day_month"))
        if birth_date is None and not day_month:
            # "de 14e" after "U schreef maart 2025 …": the day completes the month given
            birth_date = birth_given.day_completing(text, born)
        in_given_year = with_given_year(day_month, born) if day_month else None
        if in_given_year is not None:
            # "14 maart" where "maart 2025" was given: the year is known
            birth_date, day_month = in_given_year, None
        if day_month:
            dispatcher.utter_message(text=say("ask_birth_year"))
            return {"child_birth_date": None, "birth_day_month": day_month}
        done = {"birth_day_month": None} if tracker.get_slot("birth_day_month") else {}
        if birth_date is None:
            dispatcher.utter_message(text=say("invalid_date"))
            return {"child_birth_date": None, **done}
        number = tracker.get_slot("registration_number")
        if not number:
            return {"child_birth_date": birth_date.isoformat(), **done}
        checked = await self._check_details(dispatcher, tracker, number, birth_date.isoformat())
        return {**checked, **done}

    async def _check_details(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, number: str, birth_date: str
    ) -> dict[str, Any]:
        on_phone_channel = tracker.get_latest_input_channel() in PHONE_CHANNELS
        phone = latest_user_metadata(tracker).get("phone") if on_phone_channel else None
        result = await details_checked(tracker, number, birth_date, phone)
        if result.outcome is DetailsOutcome.CODE_SENT:
            dispatcher.utter_message(text=say("code_sent", address=result.masked_address))
            return {"registration_number": number, "child_birth_date": birth_date}
        if result.outcome in (DetailsOutcome.VERIFIED, DetailsOutcome.SAME_FAMILY):
            same_family = result.outcome is DetailsOutcome.SAME_FAMILY
            dispatcher.utter_message(
                text=say("verified_same_family" if same_family else "verified")
            )
            return await self._verified(tracker, number, birth_date)
        if result.outcome is DetailsOutcome.NO_CONTACT:
            dispatcher.utter_message(text=say("no_contact"), buttons=[person_button()])
            return {"identity_blocked": True, "handoff_reason": "identity_no_contact"}
        if result.outcome is DetailsOutcome.CODES_LOCKED:
            # past the code limits: no more codes, a person helps (the form then ends)
            dispatcher.utter_message(text=say("code_resend_limit"), buttons=[person_button()])
            return self._blocked(number)
        if result.outcome in LOCK_TEXTS:
            # nothing compared; the form ends and a person is offered (identity_failed)
            dispatcher.utter_message(text=say(LOCK_TEXTS[result.outcome]))
            return self._failed(dispatcher, tracker, number, locked=True)
        return self._failed(dispatcher, tracker, number, locked=False)

    @staticmethod
    def _blocked(number: str) -> dict[str, Any]:
        return {
            "registration_number": number,
            "identity_blocked": True,
            "handoff_reason": "identity_failed",
            "verification_code": None,
        }

    def _failed(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, number: str, *, locked: bool
    ) -> dict[str, Any]:
        failures = int(tracker.get_slot("identity_failures") or 0) + 1
        if locked or failures >= MAX_FAILURES_PER_CONVERSATION:
            return {
                "identity_failures": float(failures),
                "identity_blocked": True,
                "handoff_reason": "identity_failed",
                "child_birth_date": None,
            }
        dispatcher.utter_message(text=say("details_mismatch"))
        return {
            "identity_failures": float(failures),
            "registration_number": number,
            "child_birth_date": None,
        }

    @staticmethod
    async def _verified(tracker: Tracker, number: str, birth_date: str) -> dict[str, Any]:
        """The child is checked: the bot answers about it, and keeps the others checked."""
        name = await with_database(lambda session: first_name(session, number))
        fresh = identity_is_fresh(tracker)
        children = {**(checked_children(tracker) if fresh else {}), number: name}
        return {
            "registration_number": number,
            "child_birth_date": birth_date,
            "identity_verified": True,
            "verified_registration": number,
            CHILDREN: children,
            "verified_at": clock.now().timestamp(),
            "identity_failures": 0.0,
        }

    async def validate_verification_code(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None or "child_birth_date" in tracker.slots_to_validate():
            # cleared, or the parent corrected the birth date instead (a new code follows)
            return {"verification_code": None}
        text = tracker.latest_message.get("text")
        if accepted_offer(tracker) == OFFER_NEW_CODE or code_not_received(text):
            # "ja" to the offer of a new code, or "de code komt niet aan"
            return {
                "verification_code": None,
                **slot_values(await resend_code(dispatcher, tracker)),
            }
        code = parse_code(str(value))
        if code is None:
            # a question or a remark instead of the code: say what is wanted, and the way out
            return {"verification_code": None, **slot_values(say_not_a_code(dispatcher))}
        number = tracker.get_slot("registration_number")
        outcome = await with_database(
            lambda session: check_code(
                session=session, sender_id=tracker.sender_id, number=number, code=code
            )
        )
        if outcome is CodeOutcome.VERIFIED:
            spoken = language()
            await with_database(
                lambda session: remember_language(session=session, number=number, language=spoken)
            )
            dispatcher.utter_message(text=say("verified"))
            return {"verification_code": "ok"} | await self._verified(
                tracker, number, tracker.get_slot("child_birth_date")
            )
        if outcome is CodeOutcome.WRONG:
            dispatcher.utter_message(text=say("code_wrong"))
            return {"verification_code": None}
        if outcome is CodeOutcome.LOCKED:
            return self._blocked(number)
        dispatcher.utter_message(text=say("code_expired"))
        return {"verification_code": None, "child_birth_date": None}

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if form_follows_message(tracker) and asks_in_between(tracker):
            # "hoe lang duurt dat?" while the new value is asked: the rules answer the
            # question, then the form asks for the value again (the question, put in the
            # slot by its mapping, is no value: left there, the form would read it back)
            return [
                *speak_language_of(tracker),
                SlotSet("change_details", None),
                ActionExecutionRejected(self.form_name()),
            ]
        return await super().run(dispatcher, tracker, domain)

    async def validate_change_details(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """The new value with the request it answers ("ik wil mijn e-mailadres wijzigen:
        nieuw@example.nl"), so staff and the read-back see both; only an answer that holds
        a value of the kind asked for. An answer that names what to change but not the
        value ("het telefoonnummer") becomes the request: its value is asked next."""
        if value is None:
            return {"change_details": None}
        words = " ".join(str(value).split())
        request = change_request_words(tracker)
        if request == words:
            return {"change_details": words}
        subject = subject_of(request) or subject_of(words)
        named = [subject, *subjects_of(words)]
        if not any(holds_new_value(tracker, kind, words) for kind in named):
            if subjects_of(words) and not subject_of(request):
                return {"change_details": None, "pending_question": "change"}
            if is_noise(words) or not asks(words):
                # a question in between was answered by another action: asked again only
                dispatcher.utter_message(text=say(f"change_value_missing_{subject or 'details'}"))
            return {"change_details": None}
        if not request:
            return {"change_details": words}
        return {"change_details": f"{request.rstrip(' .?!:')}: {words}"}


async def change_value_checked(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> list[dict[str, Any]]:
    """The new value the form's slot took from a message another action answered first:
    Rasa's form does not check a slot on its way back, so it is checked here as the form
    would ("hang on, let me find it" is no phone number: asked again, never read back)."""
    value = tracker.get_slot("change_details")
    checked = await ValidateIdentityForm().validate_change_details(
        value, dispatcher, tracker, domain
    )
    return [SlotSet(name, found) for name, found in checked.items()]


class ActionAskRegistrationNumber(SafeAction):
    ends_turn = False

    def name(self) -> str:
        return "action_ask_registration_number"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if identity_is_fresh(tracker):
            # a verified parent asking about another child whose number is not known yet
            dispatcher.utter_message(text=say("ask_other_child_number"))
        else:
            dispatcher.utter_message(text=f"{say('why_identity')} {say('ask_registration_number')}")
        return []


class ActionAskChildBirthDate(SafeAction):
    ends_turn = False

    def name(self) -> str:
        return "action_ask_child_birth_date"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if set_this_turn(tracker, "birth_day_month"):
            return []  # the year alone was just asked
        born = birth_said(tracker)
        if born is not None and born.day is None:
            # "in maart 2025 geboren": the check needs the day, and says what it has
            month = formats.month_year(born.month, form())
            dispatcher.utter_message(text=say("ask_child_birth_day", month=month))
        else:
            dispatcher.utter_message(text=say("ask_child_birth_date"))
        return []


class ActionAskVerificationCode(SafeAction):
    ends_turn = False

    def name(self) -> str:
        return "action_ask_verification_code"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=say("ask_verification_code"))
        return []


def slot_values(events: list[dict[str, Any]]) -> dict[str, Any]:
    """Slot events as the values a form validation returns."""
    return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}


class ActionResendCode(SafeAction):
    """ "Ik heb geen code ontvangen": a new code (within the code limits of
    bot/conversation/code_limits.py), where to look, a person."""

    def name(self) -> str:
        return RESEND_CODE

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        number = tracker.get_slot("registration_number")
        birth_date = tracker.get_slot("child_birth_date")
        code_step = tracker.get_slot("requested_slot") == "verification_code"
        if not (code_step and number and birth_date):
            buttons = [choice("my_registration"), person_button()]
            # "Zullen we dat nu doen?": a "ja" starts the check
            dispatcher.utter_message(text=say("code_not_asked"), buttons=buttons)
            return offer(OFFER_CHECK)
        return await resend_code(dispatcher, tracker)
