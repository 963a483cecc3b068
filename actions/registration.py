"""Answers about the parent's own registration, given only after the identity check.

The question is remembered (`pending_question`), the identity form runs (it completes at
once when the parent is already verified), then `action_answer_registration` answers."""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions import question_filters
from actions.common import (
    SafeAction,
    choice,
    form,
    offer,
    person_button,
    say,
    with_database,
    yes_no_buttons,
)
from actions.identity import (
    IDENTITY_FORM_SLOTS,
    forget_identity,
    identity_is_fresh,
    say_not_a_code,
)
from bot import clock
from bot.conversation import formats
from bot.conversation.change_values import holds_value, mentions_birth
from bot.conversation.explain import describe_estimate
from bot.conversation.parsing import parse_date
from bot.conversation.request_words import CANCEL, CHANGE, changes_a_part, request_kind
from bot.conversation.short_replies import OFFER_PERSON
from bot.waitlist.offer_estimate import estimate_offer
from bot.waitlist.policy import policy_from_settings
from bot.waitlist.position import positions
from bot.waitlist.status import RegistrationStatus, registration_status

QUESTIONS = {
    "ask_placement_status": "status",
    "ask_waitlist_position": "position",
    "ask_response_time": "response_time",
    "ask_offer": "offer",
    "change_registration": "change",
    "cancel_registration": "cancel",
}


# questions a verified parent gets answered without going through the identity form
ANSWERED_AT_ONCE = {
    intent: question
    for intent, question in QUESTIONS.items()
    if question in ("status", "position", "response_time", "offer")
}


def entity_names(tracker: Tracker) -> set[str]:
    return {entity.get("entity") for entity in tracker.latest_message.get("entities") or []}


def own_words(tracker: Tracker) -> str | None:
    """The parent's message as typed; None for a button."""
    text = " ".join((tracker.latest_message.get("text") or "").split())
    return text if text and not text.startswith("/") else None


def dates_in_message(tracker: Tracker) -> list[str]:
    """The message's dates as ISO (the language pipeline normalises them)."""
    found = [
        parse_date(str(entity.get("value")))
        for entity in tracker.latest_message.get("entities") or []
        if entity.get("entity") == "date"
    ]
    return [day.isoformat() for day in found if day is not None]


def stated_change(tracker: Tracker) -> str | None:
    """The change itself when the parent already said it with its new value ("ik wil de
    woensdag erbij"); None when the value is still to be asked ("nieuw e-mailadres")."""
    words = own_words(tracker)
    given = holds_value(
        words,
        dates=dates_in_message(tracker),
        days=question_filters.days_in_message(tracker),
        locations=question_filters.locations_in_message(tracker),
        care="care_type" in entity_names(tracker),
    )
    return words if given else None


def registration_request(tracker: Tracker, intent: str | None) -> list[dict[str, Any]]:
    """A change or cancellation, decided by the words and not only by the model's intent:
    "kan Het Zonnetje eraf?" read as a cancellation is a change. The words are kept for
    the read-back and the stored request: a cancellation's, and those of a message the
    model read as one (what the parent wants changed)."""
    kind = request_kind(tracker.latest_message.get("text"), entity_names(tracker))
    said_in_full = kind == CANCEL or intent == "cancel_registration"
    words = own_words(tracker) if said_in_full else stated_change(tracker)
    return [SlotSet("pending_question", kind), SlotSet("change_details", words)]


def birth_date_given(tracker: Tracker) -> list[dict[str, Any]]:
    """ "INS-004217, geboren 3-5-2025": the birth date for the identity check, so it is not
    asked again (only when the words say it is the birth date)."""
    dates = dates_in_message(tracker)
    if not dates or not mentions_birth(tracker.latest_message.get("text")):
        return []
    return [SlotSet("child_birth_date", dates[0])]


def ask_registration(
    dispatcher: CollectingDispatcher, tracker: Tracker, question: str, intent: str | None
) -> list[dict[str, Any]]:
    """Remembers the question (and a change already stated, or a birth date given), forgets
    an identity that went stale, and goes on with the identity check, closing another form."""
    if question in (CHANGE, CANCEL):
        events = registration_request(tracker, intent)
    else:
        events = [SlotSet("pending_question", question)]
    fresh = identity_is_fresh(tracker)
    stale = bool(tracker.get_slot("identity_verified")) and not fresh
    if stale:
        events += forget_identity()
    if question not in (CHANGE, CANCEL) and (stale or not tracker.get_slot("child_birth_date")):
        # a change's date is the new value, never the one the check compares
        events += birth_date_given(tracker)
    loop = tracker.active_loop.get("name")
    if loop == "identity_form" and tracker.get_slot("requested_slot") in IDENTITY_FORM_SLOTS:
        dispatcher.utter_message(text=say("answer_after_check"))
    elif loop:
        events += [ActiveLoop(None), SlotSet("requested_slot", None)]
    return [*events, FollowupAction("identity_form")]


def registration_instead(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]] | None:
    """A verified parent, or a message with a registration number, asks about the
    registration and not for the prospective parents' availability: "is er op woensdag
    plek voor INS-004217?" is a status question, "kan er een dag bij?" or a verified
    parent's "ze is geboren op 3 mei" a change."""
    fresh = identity_is_fresh(tracker)
    if "registration_number" not in entity_names(tracker) and not fresh:
        return None
    text = tracker.latest_message.get("text")
    # a birth date from a verified parent is news; before the check it is for the check
    born = fresh and mentions_birth(text) and bool(dates_in_message(tracker))
    if changes_a_part(text) or born:
        return ask_registration(dispatcher, tracker, CHANGE, "change_registration")
    return ask_registration(dispatcher, tracker, "status", None)


class ActionRememberQuestion(SafeAction):
    """Remembers what was asked (and a change already stated), forgets an identity that
    went stale, and goes on with the identity check: also from inside another form, and
    inside the check itself the new question is answered once it is done (while the code
    is awaited, the first question stays and the parent hears what the code looks like)."""

    notices_other_requests = True

    def name(self) -> str:
        return "action_remember_question"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        loop = tracker.active_loop.get("name")
        step = tracker.get_slot("requested_slot")
        if loop == "identity_form" and step == "verification_code":
            # while the code is awaited, say what is needed and keep the question asked:
            # chatter ("momentje, ik pak mijn telefoon") is often read as another question
            return [*say_not_a_code(dispatcher), FollowupAction("identity_form")]
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        return ask_registration(dispatcher, tracker, QUESTIONS.get(intent, "status"), intent)


def status_text(status: RegistrationStatus) -> str:
    child = status.child_first_name
    if status.status == "offered" and status.open_offer is not None:
        offer = status.open_offer
        return say(
            "status_offered",
            child=child,
            location=offer.location_name,
            weekdays=formats.weekday_list(list(offer.weekdays), form()),
            start=formats.full_date(offer.start_date, form()),
            respond_by=formats.deadline_date(offer.respond_by, form=form()),
        )
    if status.status in ("passive", "placed", "withdrawn"):
        return say(f"status_{status.status}", child=child)
    return say(
        "status_waiting",
        child=child,
        care_type=formats.care_type_name(status.care_type, form()),
        weekdays=formats.weekday_list(list(status.weekdays), form()),
        locations=formats.word_list(list(status.location_names), form()),
        start=formats.full_date(status.desired_start_date, form()),
    )


def estimate_texts(session: Session, number: str) -> list[str]:
    estimate = estimate_offer(session=session, number=number, today=clock.today())
    return describe_estimate(estimate, form())


class ActionAnswerRegistration(SafeAction):
    notices_other_requests = True

    def name(self) -> str:
        return "action_answer_registration"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        # asked directly by a verified parent, or remembered before the identity check
        question = ANSWERED_AT_ONCE.get(intent) or tracker.get_slot("pending_question") or "status"
        if tracker.get_slot("identity_verified") and not identity_is_fresh(tracker):
            # verified too long ago: check again, then answer (rules: form, then this)
            return [
                *forget_identity(),
                SlotSet("pending_question", question),
                FollowupAction("identity_form"),
            ]
        if not identity_is_fresh(tracker):
            dispatcher.utter_message(text=say("identity_failed"), buttons=[person_button()])
            return [SlotSet("handoff_reason", "identity_failed"), *offer(OFFER_PERSON)]
        number = tracker.get_slot("verified_registration")
        if question in (CHANGE, CANCEL):
            # the read-back names what will happen, in the parent's own words
            details = (tracker.get_slot("change_details") or "").strip()
            dispatcher.utter_message(
                text=say(f"confirm_{question}", number=number, details=details),
                buttons=yes_no_buttons(),
            )
            return [SlotSet("awaiting_confirmation", question)]
        messages, status = await with_database(
            lambda session: self._answer(session, number, question)
        )
        for message in messages[:-1]:
            dispatcher.utter_message(text=message)
        buttons = [
            choice("when_offer"),
            person_button(),
        ]
        dispatcher.utter_message(text=messages[-1], buttons=buttons)
        # "Wilt u de inschrijving weer aanzetten? Een medewerker regelt het": "ja" is a person
        passive = status == "passive" and question in ("status", "response_time")
        return [SlotSet("pending_question", None), *(offer(OFFER_PERSON) if passive else [])]

    def _answer(self, session: Session, number: str, question: str) -> tuple[list[str], str | None]:
        """The answer's messages, and the registration's status."""
        status = registration_status(session=session, number=number, today=clock.today())
        if status is None:  # withdrawn from the database since the check
            return [say("identity_failed")], None
        return self._messages(session, number, question, status), status.status

    def _messages(
        self, session: Session, number: str, question: str, status: RegistrationStatus
    ) -> list[str]:
        if question == "response_time":
            if status.status != "waiting":
                return [status_text(status)]
            return estimate_texts(session, number)
        if question == "position":
            if not policy_from_settings().show_position:
                return [say("position_hidden")]
            lines = [
                say(
                    "position",
                    location=rank.location_name,
                    weekday=formats.weekday_name(rank.weekday, form()),
                    child=status.child_first_name,
                    position=rank.position,
                )
                for rank in positions(session=session, number=number) or []
            ]
            return ["\n".join(lines)] if lines else [status_text(status)]
        if question == "offer":
            if status.open_offer is None:
                return [say("offer_none", child=status.child_first_name), say("offer_general")]
            return [status_text(status), say("offer_general")]
        return [status_text(status)]
