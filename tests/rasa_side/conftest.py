"""Tests of the Rasa-side code (bot/nlu, bot/channels); they run in the Rasa environment."""
