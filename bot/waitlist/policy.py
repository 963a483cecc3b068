"""The organisation's placement policy ("plaatsingsbeleid"), from the settings."""

from dataclasses import dataclass

from bot.settings import Settings, get_settings

PRIORITIES = ("none", "sibling", "internal", "staff", "smi")


@dataclass(frozen=True)
class Policy:
    # priorities from first to last served; a priority not listed comes last
    priority_order: tuple[str, ...] = ("staff", "smi", "internal", "sibling", "none")
    # within a priority: "registered_on" or "desired_start_date"
    tie_break: str = "registered_on"
    allow_partial: bool = True
    show_position: bool = False
    # offers are made this many months before the start date
    offer_lead_months: int = 2
    horizon_months: int = 24

    def __post_init__(self) -> None:
        unknown = set(self.priority_order) - set(PRIORITIES)
        if unknown:
            raise ValueError(f"unknown priorities in the policy: {', '.join(sorted(unknown))}")
        if self.tie_break not in ("registered_on", "desired_start_date"):
            raise ValueError("tie_break must be registered_on or desired_start_date")

    def priority_rank(self, priority: str) -> int:
        order = self.priority_order
        return order.index(priority) if priority in order else len(order)


def policy_from_settings(settings: Settings | None = None) -> Policy:
    settings = settings or get_settings()
    return Policy(
        priority_order=tuple(p.strip() for p in settings.placement_priority_order.split(",")),
        tie_break=settings.placement_tie_break,
        allow_partial=settings.allow_partial_placement,
        show_position=settings.show_position,
        offer_lead_months=settings.offer_lead_months,
        horizon_months=settings.estimate_horizon_months,
    )
