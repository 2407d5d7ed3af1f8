"""Agencies (cơ quan): the bodies that issue documents and carry out assignments."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from store import audit
from store.db import Database
from store.errors import ValidationError
from store.models import Agency
from store.records import AgencyRow
from store.search import agency_search_text
from store.text import clean_or_none, fold, sort_key


def to_row(a: Agency) -> AgencyRow:
    return AgencyRow(
        id=a.id or 0, name=a.name, short_name=a.short_name, aliases=tuple(a.aliases or ()),
        parent_id=a.parent_id, version=a.version,
    )


def same_in(session: Session, labels: Iterable[str], *, exclude_id: int | None = None) -> AgencyRow | None:
    """The agency already known by one of `labels` as a name or an alias, ignoring case,
    diacritics and spacing (`fold`); None if there is none.

    Short names are not compared: two provinces' «Sở Tư pháp» may both be «STP» (the
    resolver then asks which one is meant).
    """
    keys = {fold(x) for x in labels if x and fold(x)}
    if not keys:
        return None
    for a in session.scalars(select(Agency)):
        if exclude_id is not None and a.id == exclude_id:
            continue
        if any(fold(x) in keys for x in (a.name, *(a.aliases or ())) if x):
            return to_row(a)
    return None


def check_unique_in(session: Session, labels: Iterable[str], *, exclude_id: int | None = None) -> None:
    """The one check every creation (and rename) of an agency goes through: no name or alias
    that another agency already has, as `same_in` compares them.

    Raises:
        ValidationError: `err.duplicate_agency`, naming the agency that exists.
    """
    wanted = list(labels)
    existing = same_in(session, wanted, exclude_id=exclude_id)
    if existing is None:
        return
    keys = {fold(x) for x in wanted if x}
    alias = next((x for x in existing.aliases if fold(x) in keys and fold(x) != fold(existing.name)), None)
    if alias is not None:
        raise ValidationError("err.duplicate_agency_alias", field="name_", name=existing.name, alias=alias)
    raise ValidationError("err.duplicate_agency", field="name_", name=existing.name)


def add_in(
    session: Session,
    name: str,
    *,
    short_name: str | None = None,
    aliases: Iterable[str] = (),
    parent_id: int | None = None,
) -> int:
    clean_name = clean_or_none(name)
    if not clean_name:
        raise ValidationError("err.required", field="name_")
    alias_list = [a for a in (clean_or_none(x) for x in aliases) if a]
    check_unique_in(session, [clean_name, *alias_list])
    agency = Agency(
        name=clean_name, short_name=clean_or_none(short_name), aliases=alias_list,
        parent_id=parent_id,
        search_text=agency_search_text(name=clean_name, short_name=short_name, aliases=alias_list),
    )
    session.add(agency)
    session.flush()
    audit.record(session, "create", "agency", agency.id, None, audit.snapshot(agency))
    return agency.id or 0


def add(db: Database, name: str, **kwargs: object) -> int:
    """Add an agency; refuses a name or alias another agency already has (see check_unique_in)."""
    return db.write(lambda s: add_in(s, name, **kwargs))  # type: ignore[arg-type]


def list_all(db: Database) -> list[AgencyRow]:
    """All agencies in Vietnamese alphabetical order."""
    with db.read() as session:
        rows = [to_row(a) for a in session.scalars(select(Agency))]
    return sorted(rows, key=lambda r: sort_key(r.name))


class AgencyResolver:
    """Matches agency names as written to known agencies (name, short name, aliases).

    Matching is diacritic-insensitive; a name must match exactly one agency.
    """

    def __init__(self, agencies: Sequence[Agency] | Sequence[AgencyRow]) -> None:
        self._by_key: dict[str, set[int]] = {}
        self._names: dict[int, str] = {}
        for a in agencies:
            self._names[a.id or 0] = a.name
            for label in (a.name, a.short_name, *(a.aliases or ())):
                if label:
                    self._by_key.setdefault(fold(label), set()).add(a.id or 0)

    def resolve(self, name: str) -> int | None:
        ids = self._by_key.get(fold(name))
        if ids and len(ids) == 1:
            return next(iter(ids))
        return None

    def require(self, name: str, field: str = "lead") -> int:
        agency_id = self.resolve(name)
        if agency_id is None:
            raise ValidationError("err.unknown_agency", field=field, name=name)
        return agency_id

    def name_of(self, agency_id: int) -> str:
        return self._names[agency_id]


def resolver_in(session: Session) -> AgencyResolver:
    return AgencyResolver(list(session.scalars(select(Agency))))


def complete(db: Database, prefix: str, limit: int = 10) -> list[str]:
    """Agency names whose name, short name or alias contains the typed text (diacritics ignored)."""
    key = fold(prefix)
    if not key:
        return []
    with db.read() as session:
        rows = [to_row(a) for a in session.scalars(select(Agency))]
    hits: list[tuple[int, AgencyRow]] = []
    for r in rows:
        labels = [fold(x) for x in (r.name, r.short_name or "", *r.aliases) if x]
        if any(label.startswith(key) for label in labels):
            hits.append((0, r))
        elif any(key in label for label in labels):
            hits.append((1, r))
    hits.sort(key=lambda h: (h[0], sort_key(h[1].name)))
    return [r.name for _, r in hits[:limit]]
