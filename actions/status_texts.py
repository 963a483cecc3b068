"""How a registration stands, in the parent's words: waiting, offered (the offer with its
deadline), placed, passive or withdrawn."""

from actions.common import (
    form,
    say,
)
from bot.conversation import formats
from bot.shared import clock
from bot.waitlist.status import OpenOffer, PlacedAt, RegistrationStatus


def status_text(status: RegistrationStatus) -> str:
    child = status.child_first_name
    if status.status == "offered" and status.open_offer is not None:
        return say("status_offered", child=child, **offer_values(status.open_offer))
    if status.status == "placed" and status.placed_at is not None:
        return placed_text(child, status.placed_at)
    if status.status in ("passive", "placed", "withdrawn"):
        return say(f"status_{status.status}", child=child)
    return say(
        "status_waiting",
        child=child,
        care_type=formats.care_type_name(status.care_type, form()),
        weekdays=formats.weekday_list(list(status.weekdays), form()),
        locations=formats.word_list(list(status.location_names), form(), alternatives=True),
        start=formats.full_date(status.desired_start_date, form()),
    )


def offer_values(offer: OpenOffer) -> dict[str, str]:
    """The offer as the texts name it: location, days, start date, and the deadline with
    its weekday ("vrijdag 4 december")."""
    return {
        "location": offer.location_name,
        "weekdays": formats.weekday_list(list(offer.weekdays), form()),
        "start": formats.full_date(offer.start_date, form()),
        "respond_by": formats.deadline_date(offer.respond_by, form=form()),
    }


def placed_text(child: str, place: PlacedAt) -> str:
    """Where and from when: "Noor heeft een plek bij De Speelweide, op maandag, sinds…"."""
    since = "placed_since" if place.start_date <= clock.today() else "placed_from"
    start = say(since, date=formats.full_date(place.start_date, form()))
    weekdays = formats.weekday_list(list(place.weekdays), form())
    if place.exact:
        location = place.location_names[0]
        return say("status_placed", child=child, location=location, weekdays=weekdays, start=start)
    locations = formats.word_list(list(place.location_names), form(), alternatives=True)
    return say(
        "status_placed_registered", child=child, locations=locations, weekdays=weekdays, start=start
    )
