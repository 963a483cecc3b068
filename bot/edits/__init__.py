"""Head office's own edits, without a developer: parent-facing texts, opening hours,
closure days, topic keywords and the update cadence, kept in the database with their
history (bot/edits/models.py), changed and checked in bot/edits/changes.py and read live
by every process through a short-lived cache (bot/edits/live.py). texts.yml, updates.yml
and the settings stay the defaults; an edit only overrides them."""
