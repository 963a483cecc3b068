"""An estimate, and the answer to a what-if, in short sentences for the parent, in the
texts' variant (texts.yml)."""

from bot.conversation import formats, texts
from bot.waitlist.offer_estimate import AgedOut, OfferEstimate
from bot.waitlist.what_if_question import ANSWERABLE, Change, WhatIf, WhatIfAnswer

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
        return [
            say(
                f"unavailable_{estimate.unavailable or 'beyond_horizon'}",
                horizon=formats.period(estimate.horizon_months, form),
            )
        ]
    first = estimate.first
    messages = [say("estimate_range", **_between(estimate.offer_from, estimate.offer_to, form))]
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
        horizon = formats.period(estimate.horizon_months, form)
        reasons = [
            _capitalised(say(f"factor_{factor.code}", days=days(factor.days), horizon=horizon))
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
                    month=month(alternative.offer_from or alternative.month),
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
        "max_age": formats.age_limit(too_old.max_age_months, form),
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


def _between(first: object, last: object, form: str) -> dict[str, str]:
    """{earliest} and {latest} of "tussen {earliest} en {latest}", the year said once."""
    earliest, latest = formats.month_span(first, last, form)
    return {"earliest": earliest, "latest": latest}


def describe_what_if(answer: WhatIfAnswer, form: str = "u") -> list[str]:
    """What the change asked about would do to the offer months, compared with now; what
    would help at all when no change was named. Nothing changes: the parent hears how to
    ask for it."""

    def say(key: str, **values: object) -> str:
        return texts.say(key, form, **values)

    now = answer.now
    if now.unavailable not in ANSWERABLE:
        return describe_estimate(now, form)
    if answer.asked == WhatIf():
        return _what_would_help(now, form)
    if answer.no_days_left:
        return [say("what_if_no_days_left")]
    if answer.unchanged:
        if now.first is None:
            return describe_estimate(now, form)
        return [say("what_if_unchanged", **_between(now.offer_from, now.offer_to, form))]
    change = _change_words(answer.change, form)
    horizon = formats.period(now.horizon_months, form)
    if answer.first is None:
        return [say("what_if_none", change=change, horizon=horizon)]
    found = {"change": change, **_between(answer.offer_from, answer.offer_to, form)}
    if now.first is None:
        text = say("what_if_now_none", **found, horizon=horizon)
    elif answer.months_earlier > 0:
        months = formats.count(answer.months_earlier, "month", form)
        text = say("what_if_sooner", **found, months=months)
    elif answer.months_earlier < 0:
        earliest, latest = formats.month_span(now.offer_from, now.offer_to, form)
        now_range = {"now_earliest": earliest, "now_latest": latest}
        text = say("what_if_later", **found, **now_range)
    else:
        text = say("what_if_same", **found)
    if not answer.first.complete:
        text += " " + say(
            "what_if_partial",
            weekdays=formats.weekday_list(list(answer.first.weekdays), form),
            location=answer.first.location_name,
        )
    messages = [text]
    if answer.months_earlier > 0 or now.first is None:
        messages.append(say("what_if_howto", example=_change_words(answer.change, form, "example")))
    return messages


def _what_would_help(now: OfferEstimate, form: str) -> list[str]:
    """ "Wat kan ik doen om sneller een plek te krijgen?": the estimate's own suggestions."""
    if now.first is None:
        return describe_estimate(now, form)
    described = describe_estimate(now, form)
    if not now.alternatives:
        return [
            texts.say(
                "what_if_nothing_sooner",
                form,
                earliest=formats.month_year(now.offer_from, form),
                latest=formats.month_year(now.offer_to, form),
            )
        ]
    return [described[0], described[-1]]


def _change_words(change: Change, form: str, kind: str = "change") -> str:
    """ "Met woensdag erbij en met Kikkerland erbij als locatie"; as an example of what to
    say (`kind` "example"): "de woensdag erbij"."""

    def days(codes: tuple[str, ...]) -> str:
        return formats.weekday_list(list(codes), form)

    parts = []
    if change.days_in and change.days_out:
        parts.append(
            texts.say(
                f"what_if_{kind}_swap",
                form,
                day_in=days(change.days_in),
                day_out=days(change.days_out),
            )
        )
    elif change.days_in:
        parts.append(texts.say(f"what_if_{kind}_days_in", form, days=days(change.days_in)))
    elif change.days_out:
        parts.append(texts.say(f"what_if_{kind}_days_out", form, days=days(change.days_out)))
    if change.location_names:
        names = formats.word_list(list(change.location_names), form)
        parts.append(texts.say(f"what_if_{kind}_locations", form, locations=names))
    if change.start is not None:
        start = formats.month_year(change.start, form)
        parts.append(texts.say(f"what_if_{kind}_start", form, month=start))
    if kind == "example":
        return parts[0] if parts else ""
    first, *rest = parts
    return formats.word_list([first, *(_lowered(part) for part in rest)], form)


def _lowered(line: str) -> str:
    return line[:1].lower() + line[1:]
