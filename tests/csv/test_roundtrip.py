"""Export then import into an empty database gives the same data, however awkward the text."""

from __future__ import annotations

import itertools
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from store import agencies, assignments, documents, export
from store.assignments import AssignmentInput, AssignmentQuery, DeadlineInput
from store.db import Database
from store.documents import DocumentInput, DocumentQuery
from store.importer import read_sheet, run_import
from store.models import Assignment, AssignmentAgency, Agency, Deadline, Document, Note
from tests.csv.conftest import fresh_copy

TODAY = date(2026, 3, 10)

# Fragments that break naive CSV writers, Excel, or both: quotes, separators, line breaks,
# formula starters, the escape character itself, and Vietnamese in both normal forms.
FRAGMENTS = [
    "đôn đốc", unicodedata.normalize("NFD", "Thi hành án dân sự"), "Ủy ban", '"', '""', ",", ";",
    "\n", "\r\n", "=", "+", "-", "@", "'", "\t", " ", "=HYPERLINK(\"http://x\")", "-5", "@SUM(A1)",
    "V/v", "'=", "a", "Ư", "\u00a0", "«»", "1.2", "09/2026",
]
TEXT = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6).map("".join).filter(lambda s: s.strip(" \t\r\n\u00a0"))
OPT_TEXT = st.one_of(st.none(), TEXT)
ONE_LINE = TEXT.filter(lambda s: "\n" not in s and "\r" not in s)
DATES = st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31))
OPT_DATE = st.one_of(st.none(), DATES)
# Issue, incoming and completion dates are not after today (store.documents.check_dates,
# store.assignments.check_done_on): TODAY is in the past whenever the test runs.
PAST = st.dates(min_value=date(2015, 1, 1), max_value=TODAY)
OPT_PAST = st.one_of(st.none(), PAST)

# Agency names: awkward starts and normal forms, but no ";" or line break (the separator of
# several agencies in one cell) and distinct once folded.
AGENCY_POOL = [
    "=Sở Tư pháp", "+Công an tỉnh", "-Tòa án nhân dân tỉnh", "@Viện Kiểm sát", "'Cục THADS",
    "Ủy ban nhân dân các huyện, thị xã, thành phố", unicodedata.normalize("NFD", "Thi hành án dân sự tỉnh"),
    '"Ban" Nội chính',
]


@st.composite
def assignment_specs(draw: Any, j: int, known: date | None) -> dict[str, Any]:
    # (work of a document known by no date, neither issued nor received, is done no earlier
    # than the day it is registered: today, after TODAY)
    statuses = ["not_started", "in_progress", "done", "paused", "cancelled"]
    status = draw(st.sampled_from(statuses if known else [s for s in statuses if s != "done"]))
    due = draw(OPT_DATE)
    # A deadline phrase is one line: the "Thời hạn" cell lists several phrases one per line.
    phrase = draw(st.one_of(st.none(), ONE_LINE)) if due else None
    return {
        "ref": draw(st.one_of(st.just(""), st.sampled_from(["1", "4.1", "II.3.a", "-2", "=1"]))),
        "title": draw(TEXT) + f" #{j}",
        "body": draw(st.one_of(st.just(""), TEXT)),
        "lead": draw(st.lists(st.sampled_from(AGENCY_POOL), min_size=1, max_size=2, unique=True)),
        "support": draw(st.lists(st.sampled_from(AGENCY_POOL), max_size=2, unique=True)),
        "due": due,
        "phrase": phrase,
        "status": status,
        # done neither before its document was issued (else received) nor after today
        "done_on": draw(st.dates(min_value=known or date(2015, 1, 1), max_value=TODAY)) if status == "done" else None,
        "follower": draw(OPT_TEXT),
        "note": draw(OPT_TEXT),
    }


@st.composite
def dataset(draw: Any) -> list[dict[str, Any]]:
    docs = []
    counter = itertools.count()
    for i in range(draw(st.integers(1, 3))):
        numbered = draw(st.booleans())
        issued = draw(OPT_PAST)
        incoming_date = draw(OPT_PAST)
        docs.append({
            "doc_type": draw(st.sampled_from(["CT", "CV", "KH", "QĐ", "NĐ", "TTLT"])),
            "number": f"{i}-{draw(TEXT)}" if numbered else None,
            "issuer": draw(TEXT),
            "subject": f"{draw(TEXT)} ({i})",
            "issued": issued,
            "place": draw(OPT_TEXT),
            "signer": draw(OPT_TEXT),
            "signer_title": draw(OPT_TEXT),
            "recipients": draw(st.lists(ONE_LINE, max_size=3)),
            "incoming_number": draw(OPT_TEXT),
            "incoming_date": incoming_date,
            "status": draw(st.sampled_from(["active", "superseded"])),
            "assignments": [draw(assignment_specs(next(counter), issued or incoming_date))
                            for _ in range(draw(st.integers(0, 3)))],
        })
    return docs


def build(db: Database, data: list[dict[str, Any]]) -> None:
    for name in AGENCY_POOL:
        agencies.add(db, name)
    for d in data:
        doc_id = documents.add(db, DocumentInput(
            doc_type=d["doc_type"], number=d["number"], issuer=d["issuer"], subject=d["subject"],
            issued=d["issued"], place=d["place"], signer=d["signer"], signer_title=d["signer_title"],
            recipients=d["recipients"], incoming_number=d["incoming_number"],
            incoming_date=d["incoming_date"], status=d["status"],
        ))
        for a in d["assignments"]:
            deadlines = [DeadlineInput(phrase=a["phrase"] or "", due=a["due"])] if a["due"] else []
            aid = assignments.add(db, AssignmentInput(
                document_id=doc_id, ref=a["ref"], title=a["title"], body=a["body"], lead=a["lead"],
                support=a["support"], deadlines=deadlines, follower=a["follower"],
                work_status=a["status"], done_on=a["done_on"],
            ))
            if a["note"]:
                assignments.add_note(db, aid, a["note"])
                if a["status"] != "in_progress":  # a note starts work; put the status back
                    assignments.set_status(db, aid, a["status"], done_on=a["done_on"])


def content(db: Database) -> dict[str, Any]:
    """Everything a clerk typed, keyed by what identifies it (not by ids)."""
    with db.read() as s:
        docs = {}
        doc_key = {}
        for d in s.scalars(select(Document)):
            key = (d.number, d.issuer, d.issued, d.subject)
            doc_key[d.id] = key
            docs[key] = (
                d.doc_type, d.place, d.signer, d.signer_title, tuple(d.recipients), d.incoming_number,
                d.incoming_date, d.status,
            )
        names = {a.id: a.name for a in s.scalars(select(Agency))}
        roles: dict[int, dict[str, list[tuple[int, str]]]] = {}
        for aa in s.scalars(select(AssignmentAgency)):
            roles.setdefault(aa.assignment_id, {"lead": [], "support": []})[aa.role].append((aa.position, names[aa.agency_id]))
        phrases: dict[int, list[str]] = {}
        for dl in s.scalars(select(Deadline).order_by(Deadline.id)):
            if dl.phrase:
                phrases.setdefault(dl.assignment_id, []).append(dl.phrase)
        notes: dict[int, str] = {}
        for n in s.scalars(select(Note).order_by(Note.id)):
            notes[n.assignment_id] = n.text
        tasks = {}
        for a in s.scalars(select(Assignment)):
            r = roles.get(a.id or 0, {"lead": [], "support": []})
            tasks[(doc_key[a.document_id], a.ref, a.title)] = (
                a.body, tuple(n for _, n in sorted(r["lead"])), tuple(n for _, n in sorted(r["support"])),
                a.next_due, tuple(phrases.get(a.id or 0, [])), a.work_status, a.done_on, a.follower,
                notes.get(a.id or 0),
            )
        used = {n for v in tasks.values() for n in (*v[1], *v[2])}
    return {"documents": docs, "assignments": tasks, "agencies_used": used}


def export_import(source: Database, target: Database, tmp: Path, lang: str | None = None,
                  delimiter: str = ",") -> None:
    docs_csv, tasks_csv = tmp / "documents.csv", tmp / "assignments.csv"
    kw: dict[str, Any] = {"lang": lang, "delimiter": delimiter}
    written = [
        (docs_csv, export.write_documents(source, DocumentQuery(), docs_csv, **kw)),
        (tasks_csv, export.write_assignments(source, AssignmentQuery(today=TODAY), tasks_csv, **kw)),
    ]
    for path, rows in written:
        if not rows:  # a file of headings only is refused by import ("no data"): nothing to do
            continue
        sheet = read_sheet(path)
        assert sheet.delimiter == delimiter  # (the file was written with it, and read with it)
        report = run_import(target, sheet, apply=True)
        assert report.ok, [o for o in report.errors]
        assert report.applied


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=dataset(), delimiter=st.sampled_from([",", ";"]))
def test_round_trip_awkward_text(data: list[dict[str, Any]], delimiter: str, empty_db_file: Path,
                                 tmp_path_factory: pytest.TempPathFactory) -> None:
    """Also with `;` between the cells (Excel under Vietnamese regional settings)."""
    tmp = tmp_path_factory.mktemp("rt")
    source = Database(fresh_copy(empty_db_file, tmp / "source.db"), actor="tester")
    target = Database(fresh_copy(empty_db_file, tmp / "target.db"), actor="tester")
    try:
        build(source, data)
        export_import(source, target, tmp, delimiter=delimiter)
        before, after = content(source), content(target)
        assert after["documents"] == before["documents"]
        assert after["assignments"] == before["assignments"]
        # and importing the same files again changes nothing
        export_import(source, target, tmp, delimiter=delimiter)
        assert content(target) == after
    finally:
        source.dispose()
        target.dispose()


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_round_trip_with_english_headings(sample, db: Database, empty_db_file: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                          delimiter: str) -> None:
    assignments.set_status(db, sample["overdue"], "done", done_on=date(2022, 1, 5))
    assignments.add_note(db, sample["later"], "=cmd|' /C calc'!A0; xem lại, gấp")
    target = Database(fresh_copy(empty_db_file, tmp_path / "target.db"), actor="tester")
    try:
        export_import(db, target, tmp_path, lang="en", delimiter=delimiter)
        header = (tmp_path / "assignments.csv").read_text(encoding="utf-8-sig").splitlines()[0]
        assert header.startswith(delimiter.join(["Number", "Type", "Issuer", "Date", "Subject", "Section", "Assignment"]))
        assert content(target)["assignments"] == content(db)["assignments"]
        assert content(target)["documents"] == content(db)["documents"]
    finally:
        target.dispose()
