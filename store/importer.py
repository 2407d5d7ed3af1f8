"""Import documents and assignments from a spreadsheet saved as CSV.

What a clerk can expect (the rules, in one place):

* **Columns** are found by their heading, in Vietnamese or English, with or without
  diacritics ("Số ký hiệu" = "so ky hieu" = "Number"); `--map "Heading=field"` names the
  others. Unknown columns are listed and ignored. A title row above the headings is fine.
* **A row** describes a document, or an assignment of a document (it has a "Nhiệm vụ").
  The document is identified by number + issuer + year (or, with no number, by type, issuer,
  date and subject); rows of the same document are grouped. An assignment row whose document
  cells are all blank belongs to the document above it, which is what merged cells in Excel
  become when saved as CSV.
* **Existing records are never overwritten**: a document already in the database is skipped
  (the database may hold newer follow-up than the sheet), and so is an assignment with the
  same section and title under it; new assignments of an existing document are added.
  Importing the same file twice therefore changes nothing the second time.
* **Unknown agencies are created**, and the dry run lists each one ("sẽ tạo cơ quan X") so a
  misspelt name is caught before `--apply`. Names match known agencies by name, short name or
  alias, ignoring case and diacritics; a name matching two agencies is an error. Several
  agencies in a cell are separated by ";" or line breaks (commas belong to names such as
  "UBND các huyện, thị xã, thành phố").
* **Dry run by default**: the whole import runs in one write transaction that is rolled back,
  so the report is exactly what `--apply` would do. `--apply` runs the same and commits:
  all rows or none. Any bad row (reported with its row number as Excel shows it, header =
  row 1 if it is the first line) means nothing is written.
* **Deadlines**: "Hạn" holds a date, or a phrase ("định kỳ hằng quý"); "Thời hạn" holds the
  phrases as the text says them, one per line. A single phrase with a date keeps both (the
  date is the one in force, extensions included); a recurring phrase keeps its rule.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from store import agencies, assignments, documents
from store.assignments import AssignmentInput, DeadlineInput
from store.csvio import CsvFileError, Table, read_table, restore
from store.dates import parse_date
from store.db import Database
from store.documents import DocumentInput
from store.errors import StoreError, ValidationError
from store.i18n import t
from store.models import Agency, Assignment, Document, Note
from store.text import clean, clean_or_none, fold, number_key
from store.vocab import DOC_TYPES, DocumentStatus, WorkStatus

# field -> (catalogue keys whose Vietnamese and English texts are headings, more headings)
FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "number": (("field.number",), ("so ky hieu", "so", "so hieu", "ky hieu", "so van ban", "symbol", "no")),
    "doc_type": (("field.doc_type",), ("loai", "loai vb", "type", "document type")),
    "issuer": (("field.issuer",), ("don vi ban hanh", "issued by")),
    "issued": (("field.issued",), ("ngay", "ngay van ban", "ngay ky", "issued", "issue date")),
    "subject": (("field.subject",), ("trich yeu noi dung", "ten van ban")),
    "place": (("field.place",), ()),
    "signer": (("field.signer",), ()),
    "signer_title": (("field.signer_title",), ()),
    "recipients": (("field.recipients",), ()),
    "incoming_number": (("field.incoming_number",), ("so van ban den",)),
    "incoming_date": (("field.incoming_date",), ("ngay nhan",)),
    "doc_status": (("csv.col.validity",), ()),
    "ref": (("field.ref",), ("muc so",)),
    "title": (("field.title",), ("noi dung nhiem vu", "ten nhiem vu", "task", "nhiem vu duoc giao")),
    "body": (("field.body",), ("chi tiet", "noi dung chi tiet")),
    "lead": (("field.lead",), ("chu tri", "don vi chu tri", "co quan thuc hien", "don vi thuc hien", "lead")),
    "support": (("field.support",), ("phoi hop", "don vi phoi hop", "support")),
    "due": (("field.due",), ("han hoan thanh", "han xu ly", "thoi han hoan thanh", "ngay het han", "due date")),
    "deadlines": (("field.deadlines",), ("deadline",)),
    "status": (("field.status", "field.work_status"), ("trang thai", "ket qua", "ket qua thuc hien")),
    "progress": (("csv.col.progress",), ()),
    "done_on": (("csv.col.done_on",), ("completed", "completed on")),
    "follower": (("field.follower",), ()),
    "note": (("field.last_note",), ("ghi chu", "note", "notes")),
}
DOCUMENT_FIELDS = (
    "number", "doc_type", "issuer", "issued", "subject", "place", "signer", "signer_title",
    "recipients", "incoming_number", "incoming_date", "doc_status",
)
ASSIGNMENT_FIELDS = (
    "ref", "title", "body", "lead", "support", "due", "deadlines", "status", "progress",
    "done_on", "follower", "note",
)
# Headings dondoc writes that carry nothing to import (derived or for reading only).
IGNORED_KEYS = (
    "field.id", "field.document", "field.days_overdue", "field.open_count", "agenda.when",
    "agenda.period", "csv.col.received",
)
IGNORED_EXTRA = ("stt", "tt", "so tt", "so thu tu", "no.")
IGNORE_WORDS = {"-", "ignore", "bo qua", "none"}


def heading_key(text: str) -> str:
    """How headings are compared: folded, punctuation and "(dd/mm/yyyy)" hints dropped."""
    key = fold(restore(text.strip()))
    key = re.sub(r"\(.*?\)", " ", key)
    key = re.sub(r"[^\w ]", " ", key)
    return " ".join(key.split())


def _aliases() -> dict[str, str | None]:
    table: dict[str, str | None] = {}
    for name, (keys, extra) in FIELDS.items():
        for key in keys:
            for lang in ("vi", "en"):
                table.setdefault(heading_key(t(key, lang=lang)), name)
        for alias in extra:
            table.setdefault(heading_key(alias), name)
    for key in IGNORED_KEYS:
        for lang in ("vi", "en"):
            table.setdefault(heading_key(t(key, lang=lang)), None)
    for alias in IGNORED_EXTRA:
        table.setdefault(heading_key(alias), None)
    return table


ALIASES = _aliases()


# --- reading the sheet ------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    index: int
    heading: str
    field: str | None  # None: ignored


@dataclass
class Sheet:
    """A CSV file read and its columns matched, before any database work."""

    path: str
    encoding: str
    delimiter: str
    header_line: int
    columns: list[Column]
    rows: list[tuple[int, dict[str, str]]]  # (row number as in Excel, field -> restored text)

    @property
    def ignored(self) -> list[str]:
        return [c.heading for c in self.columns if c.field is None and c.heading.strip()]


def _parse_maps(maps: Sequence[str]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for item in maps:
        heading, sep, target = item.partition("=")
        if not sep or not heading.strip() or not target.strip():
            raise CsvFileError("csv.err.map_syntax", value=item)
        key = heading_key(target)
        if target.strip() in FIELDS:
            out[heading_key(heading)] = target.strip()
        elif key in IGNORE_WORDS or target.strip() == "-":
            out[heading_key(heading)] = None
        elif ALIASES.get(key):
            out[heading_key(heading)] = ALIASES[key]
        else:
            raise CsvFileError("csv.err.map_field", value=target, choices=", ".join(FIELDS))
    return out


def read_sheet(
    path: str | Path,
    *,
    maps: Sequence[str] = (),
    encoding: str | None = None,
    data: bytes | None = None,
) -> Sheet:
    """Read and check a CSV file: encoding, delimiter, header, columns (no database).

    Raises:
        CsvFileError: the file cannot be imported at all (empty, binary, no known heading,
            missing required column, two columns for one field, a bad --map).
    """
    mapping = _parse_maps(maps)
    table_of = dict(ALIASES)
    table_of.update(mapping)

    def score(cells: list[str]) -> int:
        return sum(1 for c in cells if table_of.get(heading_key(c)) is not None)

    if data is None:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise CsvFileError("csv.err.unreadable", path=str(path), reason=exc.strerror or str(exc)) from None
    table: Table = read_table(data, score, encoding=encoding)
    header_line, header = max(table.records[:15], key=lambda r: (score(r[1]), -r[0]))
    columns: list[Column] = []
    seen: dict[str, str] = {}
    for index, heading in enumerate(header):
        key = heading_key(heading)
        name = table_of.get(key) if key else None
        if name is not None:
            if name in seen:
                raise CsvFileError("csv.err.duplicate_column", field=_field_label(name), first=seen[name], second=heading)
            seen[name] = heading
        columns.append(Column(index, heading, name))
    for key in mapping:
        if key not in {heading_key(c.heading) for c in columns}:
            raise CsvFileError("csv.err.map_heading", value=key)
    found = {c.field for c in columns if c.field}
    missing: list[str] = []
    if "issuer" not in found:
        missing.append("issuer")
    if not found & {"number", "subject"}:
        missing.append("subject")
    if found & {"lead", "support", "due", "deadlines", "progress", "body"} and "title" not in found:
        missing.append("title")
    if missing:
        raise CsvFileError(
            "csv.err.missing_columns",
            columns=", ".join(_field_label(m) for m in missing),
            found=", ".join(f"«{c.heading}»" for c in columns if c.field) or "-",
        )
    rows: list[tuple[int, dict[str, str]]] = []
    for line, cells in table.records:
        if line <= header_line:
            continue
        values: dict[str, str] = {}
        for col in columns:
            if col.field and col.index < len(cells):
                value = clean(restore(cells[col.index])).strip()
                if value:
                    values[col.field] = value
        if values:
            rows.append((line, values))
    if not rows:
        raise CsvFileError("csv.err.no_rows")
    return Sheet(
        path=str(path), encoding=table.encoding, delimiter=table.delimiter, header_line=header_line,
        columns=columns, rows=rows,
    )


def _field_label(name: str) -> str:
    keys = FIELDS.get(name, ((),))[0]
    return t(keys[0]) if keys else name


# --- understanding rows -----------------------------------------------------------------------


class RowError(Exception):
    """A row that cannot be imported; the message is already translated."""


def _type_code(value: str) -> str | None:
    key = fold(value).upper().replace(" ", "")
    for code, (vi, en) in DOC_TYPES.items():
        if key in (fold(code).upper(), fold(vi).upper().replace(" ", ""), fold(en).upper().replace(" ", "")):
            return code
    return None


_PARTY = re.compile(r"^\s*\d+[a-z]?\s*-\s*([A-Za-zĐđ]+)\s*/")
_STATE = re.compile(r"^\s*\d+[a-z]?\s*/\s*(?:(?:19|20)\d\d\s*/\s*)?([A-Za-zĐđ]+)(-)?")


def type_from_number(number: str) -> str | None:
    """The type code a number carries: "09-CT/TU" -> CT, "05/CT-TTg" -> CT, "353/LĐLĐ" -> CV."""
    match = _PARTY.match(number)
    if match:
        return _type_code(match.group(1))
    match = _STATE.match(number)
    if match:
        if match.group(2):
            return _type_code(match.group(1))
        return "CV"  # state style with no type part: an official letter (công văn)
    return None


def _status_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for s in WorkStatus:
        table[fold(s.value.replace("_", " "))] = s.value
        for lang in ("vi", "en"):
            table[fold(t(f"workstatus.{s.value}", lang=lang))] = s.value
    derived = {
        "not_started": WorkStatus.NOT_STARTED, "in_progress": WorkStatus.IN_PROGRESS,
        "due_soon": WorkStatus.NOT_STARTED, "overdue": WorkStatus.NOT_STARTED,
        "done_on_time": WorkStatus.DONE, "done_late": WorkStatus.DONE,
        "paused": WorkStatus.PAUSED, "cancelled": WorkStatus.CANCELLED,
    }
    for key, value in derived.items():
        for lang in ("vi", "en"):
            table.setdefault(fold(t(f"status.{key}", lang=lang)), value.value)
    for text, value in (
        ("da hoan thanh", WorkStatus.DONE), ("xong", WorkStatus.DONE), ("da huy", WorkStatus.CANCELLED),
        ("dang lam", WorkStatus.IN_PROGRESS), ("chua lam", WorkStatus.NOT_STARTED),
    ):
        table.setdefault(text, value.value)
    return table


def _agency_names(value: str | None) -> list[str]:
    if not value:
        return []
    return [n for n in (clean_or_none(x) for x in re.split(r"[;\n]", value)) if n]


def _date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return parse_date(value, field=name)
    except ValidationError as exc:
        raise RowError(exc.message()) from None


@dataclass
class DocPart:
    line: int
    key: tuple[Any, ...]
    data: DocumentInput
    raw: dict[str, str]
    label: str


@dataclass
class AssignmentPart:
    line: int
    title: str
    ref: str
    data: AssignmentInput  # document_id filled in when the document is known
    note: str | None
    label: str


def _document_part(line: int, values: dict[str, str]) -> DocPart:
    number = values.get("number")
    doc_type = None
    if values.get("doc_type"):
        doc_type = _type_code(values["doc_type"])
        if doc_type is None:
            raise RowError(
                ValidationError(
                    "err.unknown_doc_type", field="doc_type", value=values["doc_type"],
                    choices=", ".join(f"{c} ({v[0]})" for c, v in DOC_TYPES.items()),
                ).message()
            )
    elif number:
        doc_type = type_from_number(number)
    if doc_type is None:
        raise RowError(ValidationError("err.required", field="doc_type").message())
    issuer = values.get("issuer")
    if not issuer:
        raise RowError(ValidationError("err.required", field="issuer").message())
    issued = _date(values.get("issued"), "issued")
    status = DocumentStatus.ACTIVE.value
    if values.get("doc_status"):
        wanted = fold(values["doc_status"])
        choices = {
            fold(t(f"docstatus.{s.value}", lang=lang)): s.value for s in DocumentStatus for lang in ("vi", "en")
        } | {s.value: s.value for s in DocumentStatus} | {"het hieu luc": DocumentStatus.SUPERSEDED.value}
        if wanted not in choices:
            raise RowError(t("imp.err.unknown_value", label=t("csv.col.validity"), value=values["doc_status"],
                             choices=", ".join(t(f"docstatus.{s.value}") for s in DocumentStatus)))
        status = choices[wanted]
    data = DocumentInput(
        doc_type=doc_type, issuer=issuer, subject=values.get("subject", ""), number=number, issued=issued,
        place=values.get("place"), signer=values.get("signer"), signer_title=values.get("signer_title"),
        recipients=[r for r in (clean_or_none(x) for x in values.get("recipients", "").split("\n")) if r],
        incoming_number=values.get("incoming_number"),
        incoming_date=_date(values.get("incoming_date"), "incoming_date"), status=status, source="import",
    )
    year = documents._year_of(number, issued)
    if number:
        key: tuple[Any, ...] = ("n", fold(issuer), number_key(number), year)
        label = number
    else:
        key = ("s", doc_type, fold(issuer), issued, fold(data.subject))
        label = f"{DOC_TYPES[doc_type][0]} {issued.strftime('%d/%m/%Y') if issued else ''} {data.subject[:40]}".strip()
    return DocPart(line=line, key=key, data=data, raw={k: values[k] for k in DOCUMENT_FIELDS if k in values}, label=label)


_RECURRING_CACHE: dict[str, bool] = {}


def _is_recurring(phrase: str) -> bool:
    if phrase not in _RECURRING_CACHE:
        from store import deadlines as dl

        spec = dl.parse_deadline(phrase, issued=None)
        _RECURRING_CACHE[phrase] = getattr(spec, "kind", None) == "recurring"
    return _RECURRING_CACHE[phrase]


def _deadlines(values: dict[str, str]) -> list[DeadlineInput]:
    phrases = [p for p in (clean_or_none(x) for x in values.get("deadlines", "").split("\n")) if p]
    due: date | None = None
    if values.get("due"):
        try:
            due = parse_date(values["due"], field="due")
        except ValidationError as exc:
            if exc.key != "err.date_invalid":  # a date that does not exist: say so
                raise RowError(exc.message()) from None
            if values["due"] not in phrases:  # not a date: a deadline in words
                phrases.append(values["due"])
    if due is None:
        return [DeadlineInput(phrase=p) for p in phrases]
    if not phrases:
        return [DeadlineInput(due=due)]
    if len(phrases) == 1 and not _is_recurring(phrases[0]):
        return [DeadlineInput(phrase=phrases[0], due=due)]
    return [DeadlineInput(phrase=p) for p in phrases]


def _assignment_part(line: int, values: dict[str, str], statuses: dict[str, str]) -> AssignmentPart:
    title = values["title"]
    work_status = WorkStatus.NOT_STARTED.value
    for name in ("status", "progress"):  # progress (what the clerk recorded) wins
        if values.get(name):
            found = statuses.get(fold(values[name]))
            if found is None:
                raise RowError(
                    t("imp.err.unknown_value", label=_field_label(name), value=values[name],
                      choices=", ".join(t(f"workstatus.{s.value}") for s in WorkStatus))
                )
            work_status = found
    done_on = _date(values.get("done_on"), "done_on")
    if done_on is not None and work_status != WorkStatus.DONE.value:
        work_status = WorkStatus.DONE.value
    data = AssignmentInput(
        document_id=0, title=title, ref=values.get("ref", ""), body=values.get("body", ""),
        lead=_agency_names(values.get("lead")), support=_agency_names(values.get("support")),
        deadlines=_deadlines(values), follower=values.get("follower"), work_status=work_status,
        done_on=done_on if work_status == WorkStatus.DONE.value else None,
    )
    if not data.lead:
        raise RowError(ValidationError("err.lead_required", field="lead").message())
    ref = data.ref.strip()
    label = f"{ref + ' – ' if ref else ''}{title[:60]}"
    return AssignmentPart(line=line, title=title, ref=ref, data=data, note=values.get("note"), label=label)


# --- the plan and its outcome -----------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What happens (or would happen) to one row or agency."""

    line: int
    action: str  # create | skip | error
    entity: str  # document | assignment | agency
    label: str
    message: str = ""


@dataclass
class ImportReport:
    sheet: Sheet
    applied: bool = False
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def errors(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.action == "error"]

    def count(self, action: str, entity: str | None = None) -> int:
        return sum(1 for o in self.outcomes if o.action == action and (entity is None or o.entity == entity))

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Group:
    doc: DocPart
    assignments: list[AssignmentPart] = field(default_factory=list)


def plan_rows(sheet: Sheet) -> tuple[list[_Group], list[Outcome]]:
    """Rows to documents and their assignments, grouped; row errors found without the database."""
    statuses = _status_table()
    groups: dict[tuple[Any, ...], _Group] = {}
    by_number: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}  # (issuer, number) -> keys
    errors: list[Outcome] = []
    seen_assignments: dict[tuple[Any, ...], int] = {}
    doc_only_lines: dict[tuple[Any, ...], int] = {}
    current: _Group | None = None
    failed_doc_line: int | None = None
    for line, values in sheet.rows:
        has_doc = any(k in values for k in DOCUMENT_FIELDS)
        is_assignment = "title" in values
        entity = "assignment" if is_assignment else "document"
        try:
            if not is_assignment and any(k in values for k in ("lead", "support", "due", "deadlines", "body")):
                raise RowError(ValidationError("err.required", field="title").message())
            if has_doc:
                entity = "document"
                current, failed_doc_line = None, line
                part = _document_part(line, values)
                key = part.key
                if key[0] == "n" and key[3] is None and len(by_number.get(key[:3], [])) == 1:
                    key = by_number[key[:3]][0]  # the year is on another row of the document
                group = groups.get(key)
                if group is None:
                    group = groups[key] = _Group(part)
                    if key[0] == "n":
                        by_number.setdefault(key[:3], []).append(key)
                else:
                    _merge(group.doc, part)
                    if not is_assignment:
                        raise RowError(t("imp.err.duplicate_row", other=doc_only_lines.get(key, group.doc.line)))
                if not is_assignment:
                    doc_only_lines.setdefault(key, line)
                current, failed_doc_line = group, None
            if is_assignment:
                entity = "assignment"
                if current is None:
                    if failed_doc_line is not None:
                        raise RowError(t("imp.err.doc_failed", other=failed_doc_line))
                    raise RowError(t("imp.err.no_document"))
                a = _assignment_part(line, values, statuses)
                akey = (current.doc.key, fold(a.ref), fold(a.title))
                if akey in seen_assignments:
                    raise RowError(t("imp.err.duplicate_row", other=seen_assignments[akey]))
                seen_assignments[akey] = line
                current.assignments.append(a)
        except RowError as exc:
            errors.append(Outcome(line, "error", entity, _row_label(values), str(exc)))
    return list(groups.values()), errors


def _row_label(values: dict[str, str]) -> str:
    return (values.get("title") or values.get("number") or values.get("subject") or "")[:60]


def _merge(first: DocPart, other: DocPart) -> None:
    """Rows of one document must agree where both say something."""
    for name, value in other.raw.items():
        mine = first.raw.get(name)
        if mine is None:
            first.raw[name] = value
            if name in ("subject", "place", "signer", "signer_title", "incoming_number"):
                setattr(first.data, name, value)
            continue
        same = fold(mine) == fold(value) if name in ("doc_type", "issuer") else mine == value
        if name in ("issued", "incoming_date"):
            same = _date(mine, name) == _date(value, name)
        if name == "number":
            same = number_key(mine) == number_key(value)
        if not same:
            raise RowError(t("imp.err.conflict", label=_field_label(name), other=first.line, value=value, other_value=mine))


class _Rollback(Exception):
    """Raised inside the transaction to undo a dry run or an import with errors."""


def _find_document(session: Session, part: DocPart) -> int | None:
    d = part.data
    if d.number:
        year = documents._year_of(d.number, d.issued)
        stmt = select(Document.id).where(
            Document.issuer_key == fold(d.issuer), Document.number_key == number_key(d.number),
            Document.year == year if year is not None else Document.year.is_(None),
        )
        return session.scalar(stmt)
    stmt = select(Document.id, Document.subject).where(
        Document.number_key.is_(None), Document.doc_type == d.doc_type, Document.issuer_key == fold(d.issuer),
        Document.issued == d.issued if d.issued else Document.issued.is_(None),
    )
    for doc_id, subject in session.execute(stmt):
        if fold(subject) == fold(d.subject):
            return int(doc_id)
    return None


def _find_assignment(session: Session, document_id: int, a: AssignmentPart) -> int | None:
    stmt = select(Assignment.id, Assignment.title).where(
        Assignment.document_id == document_id, Assignment.ref == clean(a.ref).strip()
    )
    for aid, title in session.execute(stmt):
        if fold(title) == fold(a.title):
            return int(aid)
    return None


class _Agencies:
    """Known agencies by folded name/short name/alias; creates the unknown ones."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.keys: dict[str, set[int]] = {}
        self.names: dict[int, str] = {}
        for a in session.scalars(select(Agency)):
            self._add(a.id or 0, a.name, a.short_name, a.aliases or [])

    def _add(self, agency_id: int, name: str, short: str | None, aliases: Sequence[str]) -> None:
        self.names[agency_id] = name
        for label in (name, short, *aliases):
            if label:
                self.keys.setdefault(fold(label), set()).add(agency_id)

    def ensure(self, name: str) -> tuple[str, bool]:
        """The canonical name for `name`, creating the agency if unknown; (name, created)."""
        ids = self.keys.get(fold(name), set())
        if len(ids) == 1:
            return self.names[next(iter(ids))], False
        if len(ids) > 1:
            raise RowError(t("imp.err.ambiguous_agency", name=name, names="; ".join(sorted(self.names[i] for i in ids))))
        agency_id = agencies.add_in(self.session, name)
        self._add(agency_id, clean(name).strip(), None, [])
        return self.names[agency_id], True


def _run(session: Session, sheet: Sheet, groups: list[_Group], pre_errors: list[Outcome]) -> list[Outcome]:
    outcomes: list[Outcome] = list(pre_errors)
    known = _Agencies(session)
    created_agencies: set[str] = set()
    source = f"import/{Path(sheet.path).name}"
    for group in groups:
        doc = group.doc
        doc_id = _find_document(session, doc)
        if doc_id is not None:
            outcomes.append(Outcome(doc.line, "skip", "document", doc.label, t("imp.skip.exists", id=doc_id)))
        else:
            try:
                with session.begin_nested():
                    doc.data.source = source
                    doc_id = documents.add_in(session, doc.data)
                # a received date before the issue date is kept as in the sheet, and said
                warnings = documents.date_warnings(doc.data.issued, doc.data.incoming_date)
                outcomes.append(Outcome(doc.line, "create", "document", doc.label, "; ".join(warnings)))
            except StoreError as exc:
                outcomes.append(Outcome(doc.line, "error", "document", doc.label, exc.message()))
                for a in group.assignments:
                    outcomes.append(Outcome(a.line, "error", "assignment", a.label, t("imp.err.doc_failed", other=doc.line)))
                continue
        for a in group.assignments:
            existing = _find_assignment(session, doc_id, a)
            if existing is not None:
                outcomes.append(Outcome(a.line, "skip", "assignment", a.label, t("imp.skip.exists", id=existing)))
                continue
            new_agencies: list[str] = []
            try:
                with session.begin_nested():
                    lead, support = [], []
                    for names, out in ((a.data.lead, lead), (a.data.support, support)):
                        for name in names:
                            canonical, created = known.ensure(name)
                            if created and fold(canonical) not in created_agencies:
                                new_agencies.append(canonical)
                            out.append(canonical)
                    a.data.lead, a.data.support, a.data.document_id = lead, support, doc_id
                    aid = assignments.add_in(session, a.data)
                    if a.note:
                        from store.db import actor_of

                        session.add(Note(assignment_id=aid, author=actor_of(session), text=a.note))
                        session.flush()
            except (StoreError, RowError) as exc:
                # the savepoint undid any agency this row created: forget them too
                known = _Agencies(session)
                message = exc.message() if isinstance(exc, StoreError) else str(exc)
                outcomes.append(Outcome(a.line, "error", "assignment", a.label, message))
                continue
            for name in new_agencies:
                created_agencies.add(fold(name))
                outcomes.append(Outcome(a.line, "create", "agency", name))
            outcomes.append(Outcome(a.line, "create", "assignment", a.label))
    outcomes.sort(key=lambda o: (o.line, {"agency": 0, "document": 1, "assignment": 2}[o.entity]))
    return outcomes


def run_import(db: Database, sheet: Sheet, *, apply: bool = False) -> ImportReport:
    """Import a read sheet: a dry run (rolled back) unless `apply`; all rows or none.

    The whole import runs in one write transaction either way, so the dry run's report is
    exactly what applying would do. With any bad row nothing is written.
    """
    groups_errors = plan_rows(sheet)
    report = ImportReport(sheet=sheet)

    def work(session: Session) -> None:
        # Fresh copies: `db.write` may run this again when the database is busy.
        import copy

        groups, errors = copy.deepcopy(groups_errors)
        report.outcomes = _run(session, sheet, groups, errors)
        if not apply or report.errors:
            raise _Rollback()

    try:
        db.write(work)
        report.applied = True
    except _Rollback:
        report.applied = False
    return report


def label_of(outcome: Outcome) -> str:
    """One report line: "Dòng 5: tạo nhiệm vụ 1 – ...: reason"."""
    entity = t(f"entity.{outcome.entity}")
    action = t(f"imp.action.{outcome.action}")
    text = f"{action} {entity} «{outcome.label}»" if outcome.label else f"{action} {entity}"
    if outcome.message:
        text += f": {outcome.message}"
    return t("imp.row", line=outcome.line, text=text)


__all__ = [
    "ALIASES", "FIELDS", "ImportReport", "Outcome", "Sheet", "heading_key", "label_of",
    "plan_rows", "read_sheet", "run_import", "type_from_number",
]
