"""Build the demo database from the seed transcriptions in `fixtures/` (see fixtures/README.md)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from store import agencies, assignments, documents
from store.db import Database
from store.documents import DocumentInput, LinkInput

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _text_slice(base: Path, spec: dict[str, Any]) -> str | None:
    name = spec.get("text_file")
    if not name:
        return None
    lines = (base / name).read_text(encoding="utf-8").splitlines()
    start, end = spec.get("text_lines") or (1, len(lines))
    return "\n".join(lines[start - 1 : end])


def load_in(session: Session, directory: Path = FIXTURES_DIR) -> dict[str, int]:
    """Load agencies, documents, links and assignments; returns fixture key -> document id."""
    agency_file = directory / "agencies.json"
    if agency_file.exists():
        for a in json.loads(agency_file.read_text(encoding="utf-8"))["agencies"]:
            agencies.add_in(
                session, a["name"], short_name=a.get("short_name"), aliases=a.get("aliases", [])
            )
    seeds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(directory.glob("seed_*.json"))]
    ids: dict[str, int] = {}
    # Documents first (so links can point at any of them), then links, then assignments.
    for seed in seeds:
        for d in seed["documents"]:
            ids[d["key"]] = documents.add_in(
                session,
                DocumentInput(
                    doc_type=d["type"], number=d.get("number"), issuer=d["issuer"],
                    subject=d["subject"], issued=_date(d.get("issued")), place=d.get("place"),
                    signer=d.get("signer"), signer_title=d.get("signer_title"),
                    recipients=d.get("recipients") or [], incoming_number=d.get("incoming_number"),
                    incoming_date=_date(d.get("incoming_date")), status=d.get("status", "active"),
                    partial=bool(d.get("partial")), full_text=_text_slice(directory, d),
                    source=f"fixtures/{seed['seed']}",
                ),
            )
    for seed in seeds:
        for d in seed["documents"]:
            for link in d.get("links", []):
                documents._add_link_in(
                    session,
                    ids[d["key"]],
                    LinkInput(
                        relation=link["relation"],
                        target_id=ids[link["target"]] if link.get("target") else None,
                        reference=link.get("reference"), ref_type=link.get("ref_type"),
                        ref_number=link.get("ref_number"), ref_date=_date(link.get("ref_date")),
                        ref_issuer=link.get("ref_issuer"),
                    ),
                )
    session.flush()
    for seed in seeds:
        for d in seed["documents"]:
            for pos, a in enumerate(d.get("assignments", [])):
                assignments.add_in(
                    session,
                    assignments.AssignmentInput(
                        document_id=ids[d["key"]], ref=a.get("ref", ""), title=a["title"],
                        body=a.get("body", ""), lead=a.get("lead", []), support=a.get("support", []),
                        deadlines=[
                            assignments.DeadlineInput(phrase=x.get("phrase", ""), due=_date(x.get("due")))
                            for x in a.get("deadlines", [])
                        ],
                    ),
                    position=pos,
                )
    return ids


def init_demo(path: str | Path, directory: Path = FIXTURES_DIR) -> Database:
    """A fresh demo database built from the fixtures: a file at `path` (replaced if it
    exists), or an empty server database named by a URL."""
    from store.db import sqlite_path, to_url

    url = to_url(path)
    file = sqlite_path(url)
    if file is not None and file.exists():
        file.unlink()
    db = Database(url)
    db.write(lambda s: load_in(s, directory))
    return db
