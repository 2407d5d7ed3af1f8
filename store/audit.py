"""The append-only audit trail, written in the same transaction as the change it records."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.db import Database, actor_of
from store.i18n import CATALOGUE, get_lang, t
from store.models import Agency, AuditEvent, Document
from store.records import AuditRow
from store.rows import document_label

# Columns that are bookkeeping, not content: left out of before/after snapshots.
_SKIP = {"search_text", "issuer_key", "number_key", "sort_date", "due_key", "full_text",
         "lead_agency_id", "co_lead_agency_id", "lead_count", "due_in_force", "acted_ahead", "open_due_key",
         "report_last", "report_prev", "late_last", "late_prev",
         "report_first", "report_gap", "late_first", "late_gap", "report_month", "report_bits", "late_bits"}


# Fields naming the record an event is about (a user role has no id): kept in an update's
# before/after although they did not change.
_IDENTITY = {"username"}


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj: Any) -> dict[str, Any]:
    """The content columns of an ORM object, JSON-safe."""
    out: dict[str, Any] = {}
    for column in obj.__table__.columns:
        if column.key in _SKIP:
            continue
        out[column.key] = _jsonable(getattr(obj, column.key))
    return out


def record(
    session: Session,
    action: str,
    entity: str,
    entity_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Add an audit event (only the fields that differ, for updates)."""
    if before is not None and after is not None:
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        changed.discard("updated_at")
        changed.discard("version")
        if not changed:
            return
        changed |= _IDENTITY & set(after)  # whose role changed, though the name did not
        before = {k: before.get(k) for k in sorted(changed)}
        after = {k: after.get(k) for k in sorted(changed)}
    session.add(
        AuditEvent(
            actor=actor_of(session),
            action=action,
            entity=entity,
            entity_id=entity_id,
            before=before,
            after=after,
        )
    )


def to_row(ev: AuditEvent, refs: Mapping[tuple[str, int], str] | None = None) -> AuditRow:
    return AuditRow(
        id=ev.id or 0, at=ev.at, actor=ev.actor, action=ev.action, entity=ev.entity,
        entity_id=ev.entity_id, before=ev.before, after=ev.after, refs=dict(refs or {}),
    )


def history_in(session: Session, entity: str, entity_id: int, limit: int = 200) -> tuple[AuditRow, ...]:
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
        .order_by(AuditEvent.id.desc())
        .limit(limit)
    )
    events = list(session.scalars(stmt))
    refs = refs_in(session, events)
    return tuple(to_row(ev, refs) for ev in events)


def history(db: Database, entity: str, entity_id: int, limit: int = 200) -> tuple[AuditRow, ...]:
    """A record's history, newest first."""
    with db.read() as session:
        return history_in(session, entity, entity_id, limit)


# --- how a change reads: the one renderer of the history views, the changes export and
# `dondoc history` ---------------------------------------------------------------------------

HIDDEN = frozenset({"id", "version", "created_at", "updated_at", "position", "note_id", "source_id",
                    "ref_number_key"})
"""Recorded fields that are bookkeeping (or the record itself, as a link's source): not shown."""

_DATES = frozenset({"issued", "incoming_date", "done_on", "next_due", "due", "due_in_force", "ref_date",
                    "deadlines"})
"""Fields whose ISO date text is shown dd/mm/yyyy (a deadline list holds phrases or dates)."""

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

_REFS = {"document_id": "document", "target_id": "document", "parent_id": "agency"}
"""Fields holding another record's id: shown as that record's label."""

_ABOUT_THE_EVENT = frozenset({"reason", "document"})
"""Fields an extension records about itself (why, on whose word): said alone, never as a change."""

_VOCAB = {"work_status": "workstatus.", "status": "docstatus.", "relation": "relation.",
          "role": "role.", "unknown_user_role": "role.policy."}
"""Fields holding a code of a catalogued vocabulary."""


def action_text(action: str, lang: str | None = None) -> str:
    """What an event did, in words ("gia hạn", "sửa"...)."""
    key = f"action.{action}"
    return t(key, lang=lang) if key in CATALOGUE else action


def field_label(key: str, lang: str | None = None) -> str:
    """A recorded field's name in words."""
    return t(f"field.{key}", lang=lang) if f"field.{key}" in CATALOGUE else key


def type_name(code: str, lang: str | None = None) -> str:
    """The document type as people write it ("Chỉ thị" / "Directive")."""
    from store.vocab import DOC_TYPES

    names = DOC_TYPES.get(code)
    if names is None:
        return code
    return names[0] if (lang or get_lang()) == "vi" else names[1]


def source_text(source: str | None, lang: str | None = None) -> str:
    """Where a document came from, in words: "Nhập tay", "Tệp mẫu 000_….txt"..."""
    if not source:
        return ""
    kind, _, rest = source.partition("/")
    if kind == "import" and rest:
        return t("source.import_file", lang=lang, file=rest)
    if kind == "fixtures" and rest:
        return t("source.fixtures", lang=lang, file=rest)
    key = f"source.{source}"
    return t(key, lang=lang) if key in CATALOGUE else source


def _period_text(key: str, lang: str | None) -> str:
    from store.deadlines import Period

    try:
        return " + ".join(Period.from_key(k).label(lang or get_lang()) for k in key.split("+"))
    except ValueError:
        return key


def value_text(
    key: str, value: Any, lang: str | None = None, refs: Mapping[tuple[str, int], str] | None = None,
    *, empty: str = "—",
) -> str:
    """A recorded value as the interface says it: words for codes, dd/mm/yyyy for dates,
    a record's label for its id. User text comes back as it was typed."""
    if value is None or value == "" or value == []:
        return empty
    if isinstance(value, list):
        return "; ".join(value_text(key, v, lang, refs, empty=empty) for v in value)
    if isinstance(value, bool):
        return t("csv.value.yes" if value else "csv.value.no", lang=lang)
    if key in _REFS and isinstance(value, int):
        kind = _REFS[key]
        return (refs or {}).get((kind, value)) or f"{t(f'entity.{kind}', lang=lang)} {t('field.id', lang=lang).lower()} {value}"
    if isinstance(value, str):
        prefix = _VOCAB.get(key)
        if prefix and f"{prefix}{value}" in CATALOGUE:
            return t(f"{prefix}{value}", lang=lang)
        if key in ("doc_type", "ref_type"):
            return type_name(value, lang)
        if key == "source":
            return source_text(value, lang)
        if key == "period":
            return _period_text(value, lang)
        if key in _DATES and _ISO_DATE.fullmatch(value):
            try:
                return date.fromisoformat(value).strftime("%d/%m/%Y")
            except ValueError:
                pass
    return str(value)


def changes(
    ev: Any, lang: str | None = None, refs: Mapping[tuple[str, int], str] | None = None,
    *, empty: str = "—",
) -> list[tuple[str, str | None, str]]:
    """What an event recorded, field by field: (label, before, after), before None when the
    field had no earlier value recorded (a creation, a note, a report). Bookkeeping is left out."""
    before, after = ev.before or {}, ev.after or {}
    refs = refs if refs is not None else getattr(ev, "refs", None)
    out: list[tuple[str, str | None, str]] = []
    for key in sorted(dict.fromkeys([*after, *before]), key=lambda k: k not in _IDENTITY):
        if key in HIDDEN:
            continue
        shown = value_text(key, after.get(key), lang, refs, empty=empty)
        if key in before and before[key] != after.get(key) and (
            key not in _ABOUT_THE_EVENT or before[key] not in (None, "", [])
        ):
            out.append((field_label(key, lang), value_text(key, before.get(key), lang, refs, empty=empty), shown))
        elif after.get(key) not in (None, "", []):
            out.append((field_label(key, lang), None, shown))
    return out


def refs_in(session: Session, events: Iterable[Any]) -> dict[tuple[str, int], str]:
    """The labels of the records the events' id fields point at (one query per kind)."""
    wanted: dict[str, set[int]] = {}
    for ev in events:
        for data in (ev.before or {}, ev.after or {}):
            for key, kind in _REFS.items():
                if isinstance(data.get(key), int):
                    wanted.setdefault(kind, set()).add(data[key])
    out: dict[tuple[str, int], str] = {}
    if wanted.get("document"):
        for d in session.scalars(select(Document).where(Document.id.in_(wanted["document"]))):
            out[("document", d.id or 0)] = document_label(d.number, d.doc_type, d.issued)
    if wanted.get("agency"):
        for a in session.scalars(select(Agency).where(Agency.id.in_(wanted["agency"]))):
            out[("agency", a.id or 0)] = a.name
    return out
