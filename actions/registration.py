"""Answers about the parent's own registration, given only after the identity check.

The question is remembered (`pending_question`), the identity form runs (it completes at
once when the parent is already verified), then `action_answer_registration` answers.
A what-if ("is het sneller als…", actions/what_ifs.py) is a question, never a change
request; a second registration number is a second child (actions/children.py), checked
before the bot answers about it, and each answer says which child it is about."""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions.base import SafeAction
from actions.births import birth_in
from actions.children import child_button, child_buttons, child_events, switch_to
from actions.common import (
    ask_whatsapp_updates,
    choice,
    forget_identity,
    form,
    mark_goal,
    offer,
    person_button,
    say,
    with_database,
    yes_no_buttons,
)
from actions.identity import (
    IDENTITY_FORM_SLOTS,
    change_value_checked,
    say_not_a_code,
)
from actions.offer import answer_offer, current_status
from actions.status_texts import status_text
from actions.what_ifs import reads_as_what_if, what_if_texts
from bot.conversation import formats
from bot.conversation.answers import changes_rather_than_answers
from bot.conversation.change_values import asks_to_change, mentions_birth
from bot.conversation.explain import describe_estimate
from bot.conversation.offer_words import OFFER_SHOWN, asks_about_offer, decides
from bot.conversation.request_words import (
    CANCEL,
    CHANGE,
    changes_a_part,
    removes_a_part,
    request_kind,
)
from bot.conversation.said import (
    asks_for_room,
    birth_said,
    dates_in_message,
    entity_names,
    names_no_change,
    numbers_named_since_answer,
    other_child,
    own_words,
    room_question_after_birth,
    stated_change,
    twins_mentioned,
)
from bot.conversation.short_replies import OFFER_PERSON, OFFER_WHATSAPP
from bot.conversation.tracker import (
    answered_the_form,
    answers_what_to_change,
    asks_for_change_value,
    checked_children,
    identity_is_fresh,
    slot_was_filled,
    what_if_message,
)
from bot.conversation.what_if_words import WHAT_IF
from bot.parent_requests.deadline import due_on
from bot.parent_requests.standing import pending_cancellation, standing
from bot.settings import get_settings
from bot.shared import clock
from bot.waitlist.offer_estimate import estimate_offer
from bot.waitlist.policy import policy_from_settings
from bot.waitlist.position import positions
from bot.waitlist.status import RegistrationStatus

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
    asked again (only when the words say it is the birth date). An earlier message counts
    too ("ze is op 3 mei 2025 geboren" first, the question later), while no birth date has
    been checked in this conversation: one that was is not tried again."""
    dates = dates_in_message(tracker)
    if dates and mentions_birth(tracker.latest_message.get("text")):
        return [SlotSet("child_birth_date", dates[0])]
    born = birth_said(tracker)
    if born is None or born.day is None or slot_was_filled(tracker, "child_birth_date"):
        return []
    return [SlotSet("child_birth_date", born.day.isoformat())]


def ask_registration(
    dispatcher: CollectingDispatcher, tracker: Tracker, question: str, intent: str | None
) -> list[dict[str, Any]]:
    """Remembers the question (and a change already stated, or a birth date given) and the
    child it is about, forgets an identity that went stale, and goes on with the identity
    check, closing another form."""
    if question in (CHANGE, CANCEL):
        events = registration_request(tracker, intent)
    else:
        events = [SlotSet("pending_question", question)]
    # "we nemen hem!", "kan de startdatum later?": answered as such when an offer is open
    answers_offer = decides(tracker.latest_message.get("text")) is not None
    events.append(SlotSet("offer_words", own_words(tracker) if answers_offer else None))
    fresh = identity_is_fresh(tracker)
    stale = bool(tracker.get_slot("identity_verified")) and not fresh
    if stale:
        events += forget_identity()
    child = child_events(dispatcher, tracker)
    events += child
    another = any(event.get("name") == "child_birth_date" for event in child)
    if question not in (CHANGE, CANCEL) and (
        stale or another or not tracker.get_slot("child_birth_date")
    ):
        # a change's date is the new value, never the one the check compares
        events += birth_date_given(tracker)
    loop = tracker.active_loop.get("name")
    if loop == "identity_form" and tracker.get_slot("requested_slot") in IDENTITY_FORM_SLOTS:
        dispatcher.utter_message(text=say("answer_after_check"))
    elif loop:
        events += [ActiveLoop(None), SlotSet("requested_slot", None)]
    return [*events, FollowupAction("identity_form")]


async def registration_instead(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]] | None:
    """A verified parent, or a message with a registration number, asks about the
    registration and not for the prospective parents' availability: "is er op woensdag
    plek voor INS-004217?" is a status question, "kan er een dag bij?" or a verified
    parent's "ze is geboren op 3 mei" a change; "is het sneller met de woensdag erbij?" is
    a what-if about the registration, from anyone."""
    fresh = identity_is_fresh(tracker)
    numbered = "registration_number" in entity_names(tracker)
    if await reads_as_what_if(tracker.latest_message, general=fresh or numbered):
        # "gaat het sneller als we ook De Kievit opgeven?" presumes a registration
        return ask_registration(dispatcher, tracker, WHAT_IF, None)
    text = tracker.latest_message.get("text")
    if asks_to_change(text) and not changes_a_part(text):
        # "ik wil andere dagen" read as availability: a change, its new value asked next
        return ask_registration(dispatcher, tracker, CHANGE, "change_registration")
    if not numbered and not fresh:
        if removes_a_part(text):
            # "kan de vrijdag eruit?" presumes a registration: the check, then the change
            return ask_registration(dispatcher, tracker, CHANGE, "change_registration")
        return None
    # a birth date from a verified parent is news; before the check it is for the check
    born = fresh and mentions_birth(text) and bool(dates_in_message(tracker))
    if changes_a_part(text) or born:
        return ask_registration(dispatcher, tracker, CHANGE, "change_registration")
    return ask_registration(dispatcher, tracker, "status", None)


async def registration_question_instead(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]] | None:
    """A what-if, an answer to an offer ("we nemen hem!"), or a verified parent's other
    child ("en voor zijn zus?"), in a message the model read as something else: the
    policy, thanks, not understood. A what-if that names no change ("wat kan ik doen om
    sneller een plek te krijgen?") only from a verified parent: anyone else hears the
    general policy."""
    fresh = identity_is_fresh(tracker)
    if await reads_as_what_if(tracker.latest_message, general=fresh):
        return ask_registration(dispatcher, tracker, WHAT_IF, None)
    if asks_to_change(tracker.latest_message.get("text")):
        # "de geboortedatum van fenna klopt niet" read as a detail: a change, its value next
        return ask_registration(dispatcher, tracker, CHANGE, "change_registration")
    if decides(tracker.latest_message.get("text")):
        # "ja, we willen de plek!" read as a yes or thanks: an answer to an offer
        return ask_registration(dispatcher, tracker, "offer", None)
    if other_child(tracker) is not None:
        return ask_registration(dispatcher, tracker, "status", None)
    return None


# how the model reads a birth the parent reports ("ze is geboren op 3 mei")
REPORTS_BIRTH = ("change_registration", "inform")


async def form_reads_the_change(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> list[dict[str, Any]]:
    """The change's new value, checked as the form would, and the form that reads it back."""
    checked = await change_value_checked(dispatcher, tracker, domain)
    return [*checked, FollowupAction("identity_form")]


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
        if answers_what_to_change(tracker):
            return await form_reads_the_change(dispatcher, tracker, domain)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if await reads_as_what_if(tracker.latest_message):
            # "is het sneller als we meer dagen nemen?" is a question, not a change request
            return ask_registration(dispatcher, tracker, WHAT_IF, intent)
        if intent in REPORTS_BIRTH and asks_for_room(tracker):
            # "Mijn zoon is geboren in februari 2026, hebben jullie plek in Testdorp?"
            return [FollowupAction("action_start_availability")]
        if intent == "ask_placement_status" and room_question_after_birth(tracker):
            # "My son was born in February 2026" - "Is there a place at De Speelweide?"
            return [FollowupAction("action_start_availability")]
        if intent == "change_registration" and other_child(tracker) and names_no_change(tracker):
            # "and what about my son, INS-…?": a question about that child, not a change
            return ask_registration(dispatcher, tracker, "status", None)
        in_between = ANSWERED_AT_ONCE.get(intent or "")
        if in_between and in_between != "offer" and asks_for_change_value(tracker):
            # "hoe lang duurt dat?" while the new value is asked: answered, then the value
            # is asked again and the change stays
            return await answer_in_between(dispatcher, tracker, in_between)
        if changes_rather_than_answers(tracker, intent):
            return ask_registration(dispatcher, tracker, CHANGE, "change_registration")
        if intent == "ask_placement_status" and asks_about_offer(
            tracker.latest_message.get("text")
        ):
            # "hebben we al een aanbod gekregen?" read as how it stands: the offer question
            return ask_registration(dispatcher, tracker, "offer", "ask_offer")
        return ask_registration(dispatcher, tracker, QUESTIONS.get(intent, "status"), intent)


async def answer_in_between(
    dispatcher: CollectingDispatcher, tracker: Tracker, question: str
) -> list[dict[str, Any]]:
    """The answer to a question about the registration asked while the form waits for a
    change's new value; the form then asks for the value again."""
    number = tracker.get_slot("verified_registration")
    messages, *_ = await with_database(
        lambda session: ActionAnswerRegistration()._answer(
            session, number, question, tracker.latest_message
        )
    )
    for text in messages:
        dispatcher.utter_message(text=text)
    # the question is no value: the form asks for the value again
    return [SlotSet("change_details", None), FollowupAction("identity_form")]


def estimate_texts(session: Session, number: str) -> tuple[list[str], bool]:
    """The estimate's messages, and whether they end in the offer of a person (no place on
    this list, or too old for it): then "ja" means a person."""
    estimate = estimate_offer(session=session, number=number, today=clock.today())
    no_place = bool(estimate.aged_out or estimate.unavailable or estimate.first is None)
    return describe_estimate(estimate, form()), no_place


async def child_name(tracker: Tracker, number: str) -> str:
    """The child's first name, for a check from before the names were kept."""
    status = await current_status(tracker, number)
    return status.child_first_name if status else number


def cancelled_already(session: Session, number: str, question: str) -> str | None:
    """What a parent who asks for a change or to cancel hears instead of the read-back:
    that the registration has stopped (head office did the cancellation), or, asking to
    cancel again, when the first request will be answered."""
    status = standing(session=session, number=number, today=clock.today())
    if status is None:
        return None
    if status.status == "withdrawn":
        return status_text(status)
    pending = pending_cancellation(session=session, number=number) if question == CANCEL else None
    if pending is None:
        return None
    due = formats.deadline_date(due_on(pending.created_at, get_settings()), form=form())
    return say("cancel_pending", child=status.child_first_name, due=due)


def answer_buttons(status: str | None, question: str) -> list[dict[str, str]]:
    """The next question worth asking, never the one just answered: when an offer comes
    while the child waits (its status after the estimate); nothing more for a placed child."""
    if status != "waiting":
        return []
    return [choice("my_registration" if question == "response_time" else "when_offer")]


class ActionAnswerRegistration(SafeAction):
    notices_other_requests = True

    def name(self) -> str:
        return "action_answer_registration"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if answers_what_to_change(tracker):
            return await form_reads_the_change(dispatcher, tracker, domain)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        # asked directly by a verified parent, or remembered before the identity check
        pending = tracker.get_slot("pending_question")
        if pending in (CHANGE, CANCEL) and answered_the_form(tracker):
            question = pending  # "The first of May would suit us better." was the new value
        else:
            question = ANSWERED_AT_ONCE.get(intent) or pending or "status"
        if tracker.get_slot("identity_verified") and not identity_is_fresh(tracker):
            # verified too long ago: check again, then answer (rules: form, then this)
            return [
                *forget_identity(),
                SlotSet("pending_question", question),
                FollowupAction("identity_form"),
            ]
        if not identity_is_fresh(tracker):
            return self._not_checked(dispatcher)
        if question == OFFER_WHATSAPP:
            # asked for before the check: the number, for a yes
            return [
                SlotSet("pending_question", None),
                *await ask_whatsapp_updates(dispatcher, tracker),
            ]
        direct = tracker.latest_action_name == "action_listen"
        events: list[dict[str, Any]] = []
        asking = what_if_message(tracker)
        if direct:
            meant = other_child(tracker)
            if meant is not None and question not in ("response_time", "position"):
                # a child just named: how it stands, which names it ("en INS-…?" or "die
                # heb ik wel, INS-…" read as a question about an offer)
                question = "status"
            if meant is not None and not meant.checked:
                # another child's number, or "en zijn zus?": check that child first
                return ask_registration(dispatcher, tracker, question, intent)
            current = meant.number if meant else tracker.get_slot("verified_registration")
            if meant is not None or current != tracker.get_slot("registration_number"):
                # the child answered about is the one the identity check is about from now on
                events = switch_to(current)
            if await reads_as_what_if(tracker.latest_message):
                question, asking = WHAT_IF, tracker.latest_message
            elif changes_rather_than_answers(tracker, intent):
                return ask_registration(dispatcher, tracker, CHANGE, "change_registration")
        elif tracker.get_slot("registration_number") not in checked_children(tracker):
            # the check for another child did not succeed: nothing about that child
            return [
                *self._not_checked(dispatcher),
                SlotSet("registration_number", tracker.get_slot("verified_registration")),
            ]
        else:
            current = tracker.get_slot("verified_registration")
        words = own_words(tracker) if direct else tracker.get_slot("offer_words")
        reading = decides(words) if question != WHAT_IF else None
        if reading:
            status = await current_status(tracker, current)
            if (status and status.open_offer) or question not in (CHANGE, CANCEL):
                forget = [SlotSet(slot, None) for slot in ("pending_question", "change_details")]
                return [
                    *events,
                    *forget,
                    *await answer_offer(dispatcher, tracker, status, reading, words),
                ]
            if question == CHANGE and not tracker.get_slot("change_details"):
                # no offer to answer: the change's new value is asked for as usual
                return [*events, SlotSet("offer_words", None), FollowupAction("identity_form")]
        if question in (CHANGE, CANCEL):
            # a registration head office has stopped is not changed or cancelled again; a
            # cancellation asked before gets no second read-back, but how the first stands
            already = await with_database(
                lambda session: cancelled_already(session, current, question)
            )
            if already:
                dispatcher.utter_message(text=already, buttons=[person_button()])
                forget = [SlotSet(slot, None) for slot in ("pending_question", "change_details")]
                return [*events, *forget]
        if question in (CHANGE, CANCEL):
            # the read-back names what will happen, in the parent's own words
            details = (tracker.get_slot("change_details") or "").strip()
            birth = await birth_in(current, details) if question == CHANGE else None
            if birth is not None and birth.news:
                text = say(
                    "confirm_birth",
                    child=birth.child,
                    date=formats.full_date(birth.born_on, form()),
                    number=current,
                )
            else:
                child = checked_children(tracker).get(current) or await child_name(tracker, current)
                text = say(f"confirm_{question}", number=current, details=details, child=child)
            dispatcher.utter_message(text=text, buttons=yes_no_buttons())
            return [SlotSet("awaiting_confirmation", question), SlotSet("offer_words", None)]
        messages, status, offers_person, shows_offer = await with_database(
            lambda session: self._answer(session, current, question, asking)
        )
        children = checked_children(tracker)
        if len(children) > 1 and question not in ("status", "offer") and children.get(current):
            # the status and offer texts name the child themselves
            messages[0] = f"{say('about_child', child=children[current])} {messages[0]}"
        # "Laat u ons weten of u de plek wilt?": "ja" or "nee" answers it (actions/offer.py)
        buttons = yes_no_buttons() if shows_offer else answer_buttons(status, question)
        notes, others = self._other_children(tracker, current)
        texts = [*messages, *notes]
        for text in texts[:-1]:
            dispatcher.utter_message(text=text)
        dispatcher.utter_message(text=texts[-1], buttons=[*buttons, *others, person_button()])
        mark_goal(dispatcher, tracker, question)
        # "Wilt u de inschrijving weer aanzetten? Een medewerker regelt het": "ja" is a person
        passive = status == "passive" and question in ("status", "response_time")
        return [
            *events,
            SlotSet("pending_question", None),
            *(offer(OFFER_PERSON) if passive or offers_person else []),
            *(offer(OFFER_SHOWN) if shows_offer else []),
        ]

    @staticmethod
    def _not_checked(dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=say("identity_failed"), buttons=[person_button()])
        return [SlotSet("handoff_reason", "identity_failed"), *offer(OFFER_PERSON)]

    @staticmethod
    def _other_children(tracker: Tracker, current: str) -> tuple[list[str], list[dict[str, str]]]:
        """What the parent hears about the other children: a number typed but not yet
        checked ("onze tweeling, INS-… en INS-…") is offered; twins named with one number
        hear that each child has a number of its own. With buttons to the other children."""
        named = numbers_named_since_answer(tracker)
        buttons = child_buttons(tracker, current) + [child_button(number) for number in named]
        notes = [say("other_number_named", number=number) for number in named]
        if not notes and twins_mentioned(tracker) and len(checked_children(tracker)) == 1:
            name = checked_children(tracker).get(current) or current
            notes.append(say("twins_one_number", child=name, number=current))
        return notes, buttons

    def _answer(
        self, session: Session, number: str, question: str, asking: dict[str, Any]
    ) -> tuple[list[str], str | None, bool, bool]:
        """The answer's messages, the registration's status, whether the answer ends in
        the offer of a person, and whether it shows an open offer (and asks about it)."""
        # as it stands with what head office did on the parent's requests
        status = standing(session=session, number=number, today=clock.today())
        if status is None:  # withdrawn from the database since the check
            return [say("identity_failed")], None, False, False
        messages, offers_person = self._messages(session, number, question, status, asking)
        shows_offer = status.open_offer is not None and status_text(status) in messages
        return messages, status.status, offers_person, shows_offer

    def _messages(
        self,
        session: Session,
        number: str,
        question: str,
        status: RegistrationStatus,
        asking: dict[str, Any],
    ) -> tuple[list[str], bool]:
        """The answer, and whether it ends in the offer of a person."""
        if question in ("response_time", WHAT_IF):
            if status.status != "waiting":
                return [status_text(status)], False
            if question == WHAT_IF:
                return what_if_texts(session, number, asking, form()), False
            return estimate_texts(session, number)
        if question == "position":
            if not policy_from_settings().show_position:
                # no rank, but how it stands: a question read as one about the rank ("hoe
                # staat het met de eerste?") still gets its answer
                return [status_text(status), say("position_hidden")], False
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
            return ["\n".join(lines)] if lines else [status_text(status)], False
        if question == "offer":
            if status.open_offer is None:
                none = say("offer_none", child=status.child_first_name)
                return [none, say("offer_general")], False
            # the general answer first: the offer's own question ("Wilt u de plek?") ends
            # the answer, next to its Ja/Nee buttons
            return [say("offer_general"), status_text(status)], False
        pending = pending_cancellation(session=session, number=number)
        if pending is not None and status.status != "withdrawn":
            # the status as it is until head office has done it, and that it is coming
            due = formats.deadline_date(due_on(pending.created_at, get_settings()), form=form())
            return [status_text(status), say("status_cancel_pending", due=due)], False
        if status.status == "waiting":
            # a child too old for the list it waits on hears so, with a person, not just
            # "staat op de wachtlijst"
            estimate, offers_person = estimate_texts(session, number)
            if offers_person:
                return [status_text(status), *estimate], True
        return [status_text(status)], False
