"""Writing many rows at once: `COPY` and one statement per batch on PostgreSQL, the
driver's executemany elsewhere (SQLite, in-process, is fast with it).

psycopg's executemany sends one statement per row (pipelined): at a million registrations
the import spent most of its time there. `COPY` streams the rows in one command, and an
update of a batch is one `UPDATE … FROM unnest(…)` with the batch's values as arrays.
"""

from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, Table, any_, bindparam, func, select, text, update
from sqlalchemy.orm import Session

CHUNK = 5000  # rows a statement on the executemany path, so that memory stays a chunk
# rows an UPDATE … FROM unnest(…) on PostgreSQL. The planner joins a chunk to the table by
# its primary key when that is cheaper than reading the whole table: for 5,000 rows only
# beyond about 800,000 rows in the table (below, every chunk read all of it: quadratic),
# for 1,000 beyond about 160,000 (EXPLAIN at 100k: hash join 3,749 against nested loop
# 5,853 for 1,000 rows; the hash join's cost grows with the table)
UPDATE_CHUNK = 1000


def _copies(session: Session) -> bool:
    dialect = session.get_bind().dialect
    return dialect.name == "postgresql" and dialect.driver == "psycopg"


def insert_rows(
    session: Session, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Inserts `rows` (tuples in the order of `columns`); returns how many."""
    if _copies(session):
        names = ", ".join(f'"{column}"' for column in columns)
        cursor = session.connection().connection.driver_connection.cursor()
        count = 0
        with cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    count = 0
    remaining = iter(rows)
    while chunk := [dict(zip(columns, row, strict=True)) for row in islice(remaining, CHUNK)]:
        session.execute(table.insert(), chunk)
        count += len(chunk)
    return count


def update_rows(
    session: Session, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Sets `columns` of the rows with these ids: each row is (id, *values)."""
    if not rows:
        return
    if _copies(session):
        dialect = session.get_bind().dialect
        arrays = [
            f"CAST(:c{index} AS {table.c[name].type.compile(dialect)}[])"
            for index, name in enumerate(["id", *columns])
        ]
        names = ", ".join(f'"{name}"' for name in ["id", *columns])
        assignments = ", ".join(f'"{name}" = v."{name}"' for name in columns)
        source = f"unnest({', '.join(arrays)}) AS v({names})"
        # the names are the table's own; the values go as parameters
        statement = f'UPDATE "{table.name}" AS t SET {assignments} FROM {source}'  # noqa: S608
        for start in range(0, len(rows), UPDATE_CHUNK):
            columns_of = zip(*rows[start : start + UPDATE_CHUNK], strict=True)
            session.execute(
                text(f"{statement} WHERE t.id = v.id"),
                {f"c{i}": list(values) for i, values in enumerate(columns_of)},
            )
        return
    statement = (
        update(table)
        .where(table.c.id == bindparam("_id"))
        .values({name: bindparam(f"_{name}") for name in columns})
    )
    keys = ["_id", *(f"_{name}" for name in columns)]
    session.connection().execute(statement, [dict(zip(keys, row, strict=True)) for row in rows])


def one_of(session: Session, column: Any, values: Iterable[Any]) -> ColumnElement[bool]:
    """`column IN (values)` for a batch: on PostgreSQL `= ANY` of one array parameter (five
    thousand parameters took longer to compile and send than the query took to run)."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    return column.in_(list(values))


def allocate_ids(session: Session, table: Table, count: int) -> list[int]:
    """`count` new primary keys for `table`: from its sequence on PostgreSQL; on SQLite,
    which has one writer at a time, the numbers after the highest id."""
    if count == 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        sequence = f"{table.name}_id_seq"
        return list(
            session.scalars(
                text("SELECT nextval(CAST(:sequence AS regclass)) FROM generate_series(1, :n)"),
                {"sequence": sequence, "n": count},
            )
        )
    highest = session.scalar(select(func.max(table.c.id))) or 0
    return list(range(highest + 1, highest + 1 + count))
