"""What purge and erasure do to the rows of one declared table (bot/privacy/personal_data.py),
the same for both: delete them, or empty, pseudonymise and rewrite their personal columns."""

from sqlalchemy import ColumnElement, Connection, String, cast, delete, literal, or_, select, update
from sqlalchemy.orm import Session

from bot.privacy.personal_data import How, PersonalTable


def forget(
    run: Session | Connection,
    declared: PersonalTable,
    rows: ColumnElement[bool],
    *,
    marker: str,
    summary: str,
) -> int:
    """Applies the table's `How`s to the `rows`; the number of rows changed. `marker`
    ("purged", "erased") names why in pseudonyms, `summary` replaces a rewritten summary."""
    table = declared.table
    if declared.deletes_rows:
        return run.execute(delete(table).where(rows)).rowcount  # type: ignore[attr-defined]
    cleared = declared.with_how(How.CLEAR)
    pseudonymised = declared.with_how(How.PSEUDONYMISE)
    changed = 0
    if declared.rewrite is not None:
        assert isinstance(run, Session) and declared.model is not None
        for row in run.scalars(select(declared.model).where(rows)):
            declared.rewrite(row, marker, summary)
            changed += 1
        run.flush()
    values = {name: None for name in cleared} | {
        name: literal(f"{marker}-") + cast(table.c.id, String) for name in pseudonymised
    }
    if not values:
        return changed
    still_there = or_(
        *[table.c[name].is_not(None) for name in cleared],
        *[table.c[name].not_like(f"{marker}-%") for name in pseudonymised],
    )
    updated = run.execute(update(table).where(rows, still_there).values(values)).rowcount  # type: ignore[attr-defined]
    return changed or updated
