"""The estimate as an update says it: in the organisation's "we", in one line (it is also a
WhatsApp template parameter, which may hold no line break), from `estimate_texts` in the
updates file. The chat's own words (bot/conversation/explain.py) speak as "ik", list the
factors and tell the parent what to type: they stay in the chat."""

from bot.conversation import formats
from bot.updates.config import UpdatesConfig
from bot.waitlist.offer_estimate import OfferEstimate


def estimate_line(estimate: OfferEstimate, config: UpdatesConfig, form: str, child: str) -> str:
    """When we expect to offer a place, or why we cannot say; one line."""
    texts = config.estimate_texts

    def say(key: str, **values: str) -> str:
        return texts[key][form].format(child=child, **values)

    if estimate.aged_out:
        care_type = formats.care_type_name(estimate.aged_out.care_type, form)
        return say("aged_out", care_type=care_type)
    if estimate.unavailable == "beyond_horizon":
        return say("none", horizon=formats.period(estimate.horizon_months, form))
    if estimate.unavailable or estimate.first is None:
        return say("unknown")
    earliest, latest = formats.month_span(estimate.offer_from, estimate.offer_to, form)
    parts = [say("range", earliest=earliest, latest=latest)]
    if not estimate.first.complete:
        weekdays = formats.weekday_list(list(estimate.first.weekdays), form)
        parts.append(say("partial", weekdays=weekdays, location=estimate.first.location_name))
    if estimate.alternatives:
        parts.append(say("sooner"))
    return one_line(" ".join(parts))


def one_line(text: str) -> str:
    """No line break, tab or run of spaces: what WhatsApp accepts in a template parameter."""
    return " ".join(text.split())
