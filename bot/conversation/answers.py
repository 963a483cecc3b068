"""What the parent's latest message answers of the bot's own questions (a yes to an offer,
a no to WhatsApp updates, the placement offer, "Heeft dit u geholpen?", the satisfaction
score, "wat kan beter?", which meaning was meant, a change's new value or a question in
between), whatever the model made of the words.
Read from the action's tracker (bot/conversation/tracker.py).
"""

import re

from bot.conversation import bot_rating, texts
from bot.conversation.change_values import subject_of
from bot.conversation.offer_words import answers_offer_question, decides
from bot.conversation.request_words import changes_a_part
from bot.conversation.said import holds_new_value
from bot.conversation.satisfaction import parse_score
from bot.conversation.short_replies import OFFER_WHATSAPP, OFFERS, says_yes, without_words
from bot.conversation.tracker import TrackerView, change_request_words
from bot.conversation.which_intent import Choice, choice_in
from bot.conversation.word_patterns import asks

# the meanings the bot offered in its "Bedoelt u: … of …?" (actions/faq.py), for one answer
OFFERED_INTENTS = "offered_intents"


def accepted_offer(tracker: TrackerView) -> str | None:
    """What the bot offered in its last question, when the parent's message says yes to it
    ("ja", "ja graag", "yes please", "oké", 👍, the Ja button), whatever the model made of it."""
    asked = tracker.get_slot("awaiting_confirmation")
    if asked not in OFFERS:
        return None
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    text = tracker.latest_message.get("text")
    # an emoji the model took for a yes counts only when it is one (👍, not 😡)
    said_yes = says_yes(text) or (intent == "affirm" and not without_words(text))
    return asked if said_yes else None


NO = re.compile(r"^\W*(?:nee+|neen|no+|nope|liever niet|niet doen|no thanks)\b", re.IGNORECASE)


def declines_whatsapp_updates(tracker: TrackerView) -> bool:
    """A no to "Zal ik de updates … via WhatsApp sturen?" (nothing is recorded)."""
    if tracker.get_slot("awaiting_confirmation") != OFFER_WHATSAPP:
        return False
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    return intent == "deny" or bool(NO.match(tracker.latest_message.get("text") or ""))


def answers_placement_offer(tracker: TrackerView) -> bool:
    """The parent's message answers the bot's open question about a placement offer."""
    if tracker.latest_action_name != "action_listen":
        return False
    entities = tracker.latest_message.get("entities") or []
    parts = {"weekday", "location"} & {entity.get("entity") for entity in entities}
    return answers_offer_question(
        tracker.get_slot("awaiting_confirmation"),
        tracker.latest_message.get("text"),
        (tracker.latest_message.get("intent") or {}).get("name"),
        bool(parts),
    )


def answer_to_rating(tracker: TrackerView) -> str | None:
    """What the parent's message says to "Heeft dit u geholpen?" (`bot_rating.YES` or
    `NO`), or to "Wat miste u?" after a no (`COMMENT`); None when it is something else."""
    if tracker.latest_action_name != "action_listen":
        return None
    asked = bot_rating.last_asked(tracker.events)
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    text = tracker.latest_message.get("text") or ""
    if asked == bot_rating.ASKED:
        return {"affirm": bot_rating.YES, "deny": bot_rating.NO}.get(intent or "")
    typed = text.strip() and not text.startswith("/")
    # "bedankt" or "doei" after "Wat miste u?" is no comment
    courtesy = intent in ("thank", "goodbye", "greet") and len(text.split()) < 4
    if asked == bot_rating.NO and typed and not courtesy:
        return None if intent in bot_rating.NOT_AFTER_INTENTS else bot_rating.COMMENT
    return None


SATISFACTION_QUESTION = "action_ask_satisfaction"


def answers_satisfaction_question(tracker: TrackerView) -> bool:
    """The parent's message follows the satisfaction question directly and starts with a
    score ("4, snel geholpen" reads to the model as anything from a question to a
    complaint)."""
    seen_user = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            if seen_user:
                return False
            seen_user = True
        elif kind == "action" and seen_user and event.get("name") != "action_listen":
            return event.get("name") == SATISFACTION_QUESTION and (
                parse_score(tracker.latest_message.get("text") or "") is not None
            )
    return False


# what a comment after a good score reads as to the model ("Sanne was very helpful"): not
# a question or a wish, which the bot answers as usual
COMMENT_INTENTS = {"thank", "inform", "out_of_scope", "nlu_fallback", "affirm"}


def answers_what_could_be_better(tracker: TrackerView) -> bool:
    """The parent's typed message is a comment on the score just given: it follows
    "Wilt u vertellen wat beter kan?" directly (a low score without a comment), or it
    follows the thanks for a score given without a comment and reads as a remark, not a
    question (so "5", then "Sanne was very helpful" is kept, not "Sorry, I didn't…").
    A request for a person never is."""
    text = tracker.latest_message.get("text") or ""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    if tracker.latest_action_name != "action_listen" or not text.strip() or text.startswith("/"):
        return False
    if intent == "request_human":
        return False
    asked = {texts.say("satisfaction_thanks_low", variant) for variant in texts.VARIANTS}
    thanked = {texts.say("satisfaction_thanks", variant) for variant in texts.VARIANTS}
    said: str | None = None  # the bot's answer to the parent's previous message
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if said is not None:  # the message the thanks answered: a bare score?
                score_text = event.get("text") or ""
                scored = parse_score(score_text)
                bare = score_text.startswith("/") or (scored is not None and not scored[1])
                remark = intent in COMMENT_INTENTS and "?" not in text
                return said in thanked and remark and bare
            if seen_user:
                return False
            seen_user = True
        elif event.get("event") == "bot" and seen_user and said is None:
            said = event.get("text") or ""
            if said in asked:
                return True
            if said not in thanked:
                return False
    return False


def satisfaction_of(tracker: TrackerView) -> tuple[int, str] | None:
    """The score and the comment after it; the model's entity wins for the score."""
    text = tracker.latest_message.get("text") or ""
    typed = parse_score(text)
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "satisfaction_score":
            score = parse_score(str(entity.get("value")))
            return (score[0], typed[1] if typed else "") if score else None
    return typed


def parent_choice(tracker: TrackerView) -> Choice | None:
    """The meaning the parent chose, by its button, right after the bot asked which one."""
    if tracker.latest_action_name != "action_listen":
        return None
    return choice_in(
        tracker.events,
        tracker.get_slot(OFFERED_INTENTS),
        tracker.latest_message.get("text") or "",
        (tracker.latest_message.get("intent") or {}).get("name"),
    )


def changes_rather_than_answers(tracker: TrackerView, intent: str | None) -> bool:
    """ "Kunnen we de vrijdag erbij nemen?" read as a question about an offer: the words add,
    swap or remove a day or location and answer no offer, so it is a change."""
    text = tracker.latest_message.get("text")
    return intent == "ask_offer" and changes_a_part(text) and decides(text) is None


def asks_in_between(tracker: TrackerView) -> bool:
    """A question, holding no value, where the identity form asks for a change's new value
    ("Wat is het nieuwe e-mailadres?" - "hoe lang duurt dat?"): not the answer."""
    if tracker.get_slot("requested_slot") != "change_details":
        return False
    text = tracker.latest_message.get("text") or ""
    if text.startswith("/") or not asks(text):
        return False
    return not holds_new_value(tracker, subject_of(change_request_words(tracker)), text)
