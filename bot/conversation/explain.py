"""An estimate in short Dutch sentences for the parent (texts from texts.yml)."""

from bot.conversation import texts
from bot.waitlist.offer_estimate import OfferEstimate


def _months(count: int) -> str:
    return "1 maand" if count == 1 else f"{count} maanden"


def describe_estimate(estimate: OfferEstimate, form: str = "u") -> list[str]:
    """The expected offer months, the factors behind them and what the parent can change:
    at most four short messages."""

    def say(key: str, **values: object) -> str:
        return texts.say(key, form, **values)

    if estimate.unavailable or estimate.first is None:
        reason = say(
            f"unavailable_{estimate.unavailable or 'beyond_horizon'}",
            horizon=estimate.horizon_months,
        )
        return [say("estimate_unavailable", reason=reason)]
    first = estimate.first
    messages = [
        say(
            "estimate_range",
            earliest=texts.dutch_month(estimate.offer_from),
            latest=texts.dutch_month(estimate.offer_to),
        )
    ]
    if not first.complete:
        full = (
            say("estimate_partial_full", month=texts.dutch_month(estimate.full_month))
            if estimate.full_month
            else ""
        )
        messages[0] += " " + say(
            "estimate_partial",
            weekdays=texts.weekday_list(list(first.weekdays)),
            location=first.location_name,
            full=full,
        )
    if estimate.factors:
        reasons = []
        for factor in estimate.factors:
            reason = say(f"factor_{factor.code}", days=texts.weekday_list(list(factor.days)))
            reasons.append(reason[:1].upper() + reason[1:])
        messages.append(say("estimate_factors_intro") + "\n- " + "\n- ".join(reasons))
    if estimate.alternatives:
        lines = [
            say(
                f"alternative_{alternative.kind}",
                day_in=texts.WEEKDAY_NAMES.get(alternative.day_in or "", ""),
                day_out=texts.WEEKDAY_NAMES.get(alternative.day_out or "", ""),
                location=alternative.location_name,
                months=_months(alternative.months_earlier),
                month=texts.dutch_month(alternative.month),
            )
            for alternative in estimate.alternatives
        ]
        messages.append(
            say("alternatives_intro")
            + "\n- "
            + "\n- ".join(lines)
            + "\n"
            + say("alternatives_howto")
        )
    return messages
