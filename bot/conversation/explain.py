"""An estimate in short sentences for the parent, in the texts' variant (texts.yml)."""

from bot.conversation import formats, texts
from bot.waitlist.offer_estimate import AgedOut, OfferEstimate

# the care that takes a child younger than so many months, youngest first: what a parent
# whose child outgrew its care type can register for instead
CARE_BY_AGE = ((48, "peuteropvang"), (156, "bso"))


def describe_estimate(estimate: OfferEstimate, form: str = "u") -> list[str]:
    """The expected offer months, the factors behind them and what the parent can change:
    at most four short messages."""

    def say(key: str, **values: object) -> str:
        return texts.say(key, form, **values)

    def month(value: object) -> str:
        return formats.month_year(value, form)

    def days(codes: tuple[str, ...]) -> str:
        return formats.weekday_list(list(codes), form)

    if estimate.aged_out:
        return _aged_out(estimate.aged_out, form)
    if estimate.unavailable or estimate.first is None:
        reason = say(
            f"unavailable_{estimate.unavailable or 'beyond_horizon'}",
            horizon=estimate.horizon_months,
        )
        return [say("estimate_unavailable", reason=reason)]
    first = estimate.first
    messages = [
        say("estimate_range", earliest=month(estimate.offer_from), latest=month(estimate.offer_to))
    ]
    if not first.complete:
        full = (
            say("estimate_partial_full", month=month(estimate.full_month))
            if estimate.full_month
            else ""
        )
        messages[0] += " " + say(
            "estimate_partial",
            weekdays=days(first.weekdays),
            location=first.location_name,
            full=full,
        )
    if estimate.factors:
        reasons = [
            _capitalised(say(f"factor_{factor.code}", days=days(factor.days)))
            for factor in estimate.factors
        ]
        messages.append(say("estimate_factors_intro") + "\n- " + "\n- ".join(reasons))
    if estimate.alternatives:
        lines = [
            _capitalised(
                say(
                    f"alternative_{alternative.kind}",
                    day_in=formats.weekday_name(alternative.day_in or "", form),
                    day_out=formats.weekday_name(alternative.day_out or "", form),
                    location=alternative.location_name,
                    months=formats.count(alternative.months_earlier, "month", form),
                    month=month(alternative.month),
                )
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


def _capitalised(line: str) -> str:
    return line[:1].upper() + line[1:]


def _aged_out(too_old: AgedOut, form: str) -> list[str]:
    """Why no place will come, and what the parent can do instead."""
    values = {
        "age": formats.age(too_old.age_months, form),
        "max_age": formats.age(too_old.max_age_months, form),
        "care_type": formats.care_type_name(too_old.care_type, form),
        "month": formats.month_year(too_old.start, form),
    }
    key = "aged_out_now" if too_old.started else "aged_out_at_start"
    instead = next(
        (kind for below, kind in CARE_BY_AGE if too_old.age_months < below),
        None,
    )
    if instead is None or instead == too_old.care_type:
        return [texts.say(key, form, **values), texts.say("aged_out_person", form)]
    care_type = formats.care_type_name(instead, form)
    return [texts.say(key, form, **values), texts.say("aged_out_next", form, care_type=care_type)]
