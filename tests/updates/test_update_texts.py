"""The updates file in three variants (u, je, en), and what an English update looks like
around its text."""

from pathlib import Path

from bot.settings import Settings
from bot.updates.config import load
from bot.updates.delivery import footer, template_language


def test_every_update_has_its_own_english_text_and_older_files_fall_back_to_u(
    tmp_path: Path,
) -> None:
    config = load()
    for name, moment in config.moments.items():
        assert moment.subject["en"] != moment.subject["u"], name
        assert moment.body["en"].startswith("Dear parent"), name
    assert all(by_form["en"] != by_form["u"] for by_form in config.status_texts.values())

    text = Path(load.__globals__["DEFAULT_FILE"]).read_text()
    without_english = tmp_path / "updates.yml"
    without_english.write_text("\n".join(line for line in text.splitlines() if "  en:" not in line))
    older = load(without_english)
    assert older.moments["periodic"].body["en"] == older.moments["periodic"].body["u"]


def test_an_english_update_has_an_english_footer_and_template_language() -> None:
    settings = Settings(whatsapp_template_language="nl")
    assert footer("https://x", "en") == "Don't want these messages any more? https://x"
    assert footer("https://x", "je") == "Geen berichten meer ontvangen? https://x"
    assert template_language(settings, "en") == "en"
    assert template_language(settings, "u") == "nl"
