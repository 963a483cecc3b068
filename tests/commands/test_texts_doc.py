"""docs/texts.md is what `python -m bot texts` writes from texts.yml now."""

from bot.commands import texts as texts_command


def test_the_committed_texts_document_is_up_to_date() -> None:
    committed = texts_command.DEFAULT_OUT.read_text(encoding="utf-8")
    assert committed == texts_command.render(), "run `python -m bot texts` and commit docs/texts.md"


def test_the_document_shows_every_text_in_three_variants_and_the_buttons() -> None:
    document = texts_command.render()
    assert "### handoff_closed" in document and "## Buttons" in document
    assert document.count("\nEnglish:\n") == document.count("\nNederlands (u):\n")
    assert "| talk_to_person | Medewerker spreken | Talk to a person |" in document
