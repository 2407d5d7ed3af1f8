"""`driver_cursor_in`: a Core SELECT on the driver's own cursor, inside a read transaction."""

from __future__ import annotations

from contextlib import closing
from datetime import date

import pytest
from sqlalchemy import literal, select, text

from store import documents
from store.db import Database, driver_cursor_in
from store.documents import DocumentInput
from store.errors import DatabaseError
from store.models import Document


def test_rows_are_plain_tuples_with_parameters_bound_as_sqlalchemy_binds_them(db: Database) -> None:
    for n in range(3):
        documents.add(db, DocumentInput(doc_type="CT", number=f"{n}/CT", issuer="Tỉnh ủy", subject=f"Số {n}", issued=date(2026, 1, 1 + n)))
    stmt = (
        select(Document.number, Document.issued, literal("hằng"))
        .where(Document.issued >= date(2026, 1, 2), Document.number.in_(["1/CT", "2/CT", "9/CT"]))
        .order_by(Document.number)
    )
    with db.read() as session, closing(driver_cursor_in(session, stmt)) as cursor:
        rows = cursor.fetchmany(10)
    assert [type(r) for r in rows] == [tuple, tuple]
    issued = [date(2026, 1, 2), date(2026, 1, 3)]
    if db.is_sqlite:  # no result processing: the driver's values
        issued = [d.isoformat() for d in issued]
    assert rows == [("1/CT", issued[0], "hằng"), ("2/CT", issued[1], "hằng")]


@pytest.mark.sqlite_only("a raw sqlite3 error")
def test_driver_errors_come_out_of_read_translated(db: Database) -> None:
    bad = select(text("* FROM no_such_table"))
    with pytest.raises(DatabaseError), db.read() as session, closing(driver_cursor_in(session, bad)) as cursor:
        cursor.fetchall()
