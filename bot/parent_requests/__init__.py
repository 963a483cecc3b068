"""Parents' change and cancellation requests: taken in by the bot, worked on by head office,
answered to the parent, exported to the planning system and closed by its next import."""
