"""INSERT ... ON CONFLICT helpers (shared/db/upsert.py): one contract on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, Float, Integer, MetaData, String, Table, event, select

from shared.db.engine import create_schema
from shared.db.upsert import insert_absent_rows, insert_if_absent, upsert, upsert_rows
from tests.servers import BOTH_DATABASES, engine_for

metadata = MetaData()
scores = Table(
    "scores", metadata,
    Column("posting_id", String(36), primary_key=True),
    Column("cv_id", String(36), primary_key=True),
    Column("score", Float, nullable=False),
    Column("note", String(40)),
    Column("version", Integer, nullable=False, server_default="0"),
)
pairs = Table("pairs", metadata, Column("a", String(10), primary_key=True), Column("b", String(10), primary_key=True))


@pytest.fixture(params=BOTH_DATABASES)
def engine(request, tmp_path):
    engine = engine_for(request, tmp_path, "upsert")
    create_schema(engine, metadata)
    yield engine
    engine.dispose()


def rows(engine) -> dict[tuple, tuple]:
    with engine.connect() as conn:
        return {(r.posting_id, r.cv_id): (r.score, r.note, r.version) for r in conn.execute(select(scores))}


def row(posting: str, cv: str, score: float, note: str | None = None, version: int = 0) -> dict:
    return {"posting_id": posting, "cv_id": cv, "score": score, "note": note, "version": version}


def test_insert_if_absent_inserts_once_and_leaves_the_first_row(engine):
    with engine.begin() as conn:
        assert insert_if_absent(conn, scores, row("p1", "c1", 0.5, "first")) is True
        assert insert_if_absent(conn, scores, row("p1", "c1", 0.9, "second")) is False
    assert rows(engine) == {("p1", "c1"): (0.5, "first", 0)}


def test_insert_absent_rows_returns_only_the_keys_it_inserted(engine):
    with engine.begin() as conn:
        insert_if_absent(conn, scores, row("p1", "c1", 0.5, "kept"))
        inserted = insert_absent_rows(conn, scores, [row("p1", "c1", 0.9, "ignored"), row("p1", "c2", 0.4), row("p2", "c1", 0.3)])
        assert insert_absent_rows(conn, scores, []) == set()
    assert inserted == {("p1", "c2"), ("p2", "c1")}
    assert rows(engine) == {("p1", "c1"): (0.5, "kept", 0), ("p1", "c2"): (0.4, None, 0), ("p2", "c1"): (0.3, None, 0)}


def test_upsert_inserts_then_updates_every_other_column_or_only_those_named(engine):
    with engine.begin() as conn:
        assert upsert(conn, scores, row("p1", "c1", 0.5, "first")) is True
        assert upsert(conn, scores, row("p1", "c1", 0.7, "second", 1)) is True
    assert rows(engine) == {("p1", "c1"): (0.7, "second", 1)}
    with engine.begin() as conn:
        assert upsert(conn, scores, row("p1", "c1", 0.2, "third", 2), update=("score",)) is True
    assert rows(engine) == {("p1", "c1"): (0.2, "second", 1)}


def test_upsert_with_a_condition_changes_only_a_row_that_meets_it(engine):
    with engine.begin() as conn:
        upsert(conn, scores, row("p1", "c1", 0.5, version=3))
        assert upsert(conn, scores, row("p1", "c1", 0.9, "newer", 2), where=scores.c.version < 2) is False
    assert rows(engine) == {("p1", "c1"): (0.5, None, 3)}
    with engine.begin() as conn:
        assert upsert(conn, scores, row("p1", "c1", 0.9, "newer", 4), where=scores.c.version < 4) is True
    assert rows(engine) == {("p1", "c1"): (0.9, "newer", 4)}


def test_upsert_rows_writes_many_in_one_statement_the_last_of_a_repeated_key_counting(engine):
    statements = []

    @event.listens_for(engine, "before_cursor_execute")
    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT"):
            statements.append(statement)

    with engine.begin() as conn:
        upsert(conn, scores, row("p1", "c1", 0.5, "old"))
        statements.clear()
        written = upsert_rows(conn, scores, [row("p1", "c1", 0.6, "new"), row("p1", "c2", 0.4, "বাংলা"),
                                             row("p2", "c1", 0.3), row("p1", "c2", 0.45, "শেষ")])
    assert len(statements) == 1  # one INSERT for the four rows (three keys)
    assert written == {("p1", "c1"), ("p1", "c2"), ("p2", "c1")}
    assert rows(engine) == {("p1", "c1"): (0.6, "new", 0), ("p1", "c2"): (0.45, "শেষ", 0), ("p2", "c1"): (0.3, None, 0)}
    with engine.begin() as conn:
        assert upsert_rows(conn, scores, []) == set()


def test_upsert_rows_with_a_condition_returns_the_rows_it_wrote(engine):
    with engine.begin() as conn:
        upsert_rows(conn, scores, [row("p1", "c1", 0.5, version=5), row("p1", "c2", 0.5, version=1)])
        written = upsert_rows(conn, scores, [row("p1", "c1", 0.9, version=3), row("p1", "c2", 0.9, version=3),
                                             row("p1", "c3", 0.9, version=3)], where=scores.c.version < 3)
    assert written == {("p1", "c2"), ("p1", "c3")}
    assert rows(engine) == {("p1", "c1"): (0.5, None, 5), ("p1", "c2"): (0.9, None, 3), ("p1", "c3"): (0.9, None, 3)}


def test_a_table_of_keys_only_is_inserted_if_absent(engine):
    with engine.begin() as conn:
        assert upsert(conn, pairs, {"a": "x", "b": "y"}) is True
        assert upsert(conn, pairs, {"a": "x", "b": "y"}) is False
        assert upsert_rows(conn, pairs, [{"a": "x", "b": "y"}, {"a": "x", "b": "z"}]) == {("x", "z")}


def test_each_statement_compiles_once_whatever_its_values(engine):
    """The helpers pass values as parameters, so SQLAlchemy reuses one compiled statement per shape."""
    compiled = []

    @event.listens_for(engine, "before_cursor_execute")
    def keep(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT"):
            compiled.append(context.compiled)

    for k in range(3):
        with engine.begin() as conn:
            upsert(conn, scores, row("p1", f"c{k}", k / 10, f"note {k}"))
            insert_if_absent(conn, scores, row("p2", f"c{k}", k / 10))
            upsert_rows(conn, scores, [row("p3", f"c{k}", 0.1), row("p3", f"d{k}", 0.2)])
    assert len(compiled) == 9
    for shape in range(3):
        assert len({id(c) for c in compiled[shape::3]}) == 1, "an ON CONFLICT statement was compiled again"
