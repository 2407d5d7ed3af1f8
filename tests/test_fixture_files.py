"""Checks on the hand-made demo fixtures in fixtures/ (see fixtures/README.md).

They guard the transcription of the five seed documents: the JSON must keep its shape, every
number, subject, body and deadline phrase must still be found in the seed text it came from,
every agency named must resolve, and the seed copies must stay identical to the originals.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from store.text import fold
from store.vocab import DOC_TYPES, DocumentStatus, LinkRelation

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
SEED_COPIES = FIXTURES / "seeds"
# The originals: /work/shared/seeds locally, ../shared/seeds beside the repo in CI.
SHARED_SEEDS = REPO.parent / "shared" / "seeds"

FIXTURE_FILES = sorted(FIXTURES.glob("seed_*.json"))
EXPECTED_FILES = [f"seed_{i:03d}.json" for i in range(5)]

DOC_REQUIRED = {
    "key": str,
    "type": str,
    "number": (str, type(None)),
    "issuer": str,
    "place": (str, type(None)),
    "issued": (str, type(None)),
    "subject": (str, type(None)),
    "signer": (str, type(None)),
    "signer_title": (str, type(None)),
    "recipients": list,
    "incoming_number": (str, type(None)),
    "incoming_date": (str, type(None)),
    "status": str,
    "links": list,
    "assignments": list,
}
DOC_OPTIONAL = {"partial": bool, "text_file": str, "text_lines": list}
ASSIGNMENT_KEYS = {"ref", "title", "body", "lead", "support", "deadlines"}
CITE_KEYS = {"relation", "reference", "ref_type", "ref_number", "ref_date", "ref_issuer"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --------------------------------------------------------------------------- helpers


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def all_fixtures() -> list[tuple[Path, dict]]:
    return [(p, load(p)) for p in FIXTURE_FILES]


def all_documents() -> list[tuple[str, dict]]:
    return [(p.name, d) for p, data in all_fixtures() for d in data["documents"]]


def seed_text(fixture: dict) -> str:
    return (SEED_COPIES / fixture["seed"]).read_text(encoding="utf-8")


def strip_markup(text: str) -> str:
    """The OCR text without its Markdown/HTML marks (footnote markers, bold, italics)."""
    text = re.sub(r"<sup>\d+</sup>", "", text)
    text = text.replace("\\", "").replace("*", "")
    return re.sub(r"(?m)^#+\s*", "", text)


def without_footnotes(text: str) -> str:
    """Drop footnote lines and rules, which the OCR puts in the middle of running sections."""
    keep = [
        ln
        for ln in text.split("\n")
        if not ln.lstrip().startswith("<sup>") and not re.fullmatch(r"\s*-{3,}\s*", ln)
    ]
    return "\n".join(keep)


def key(text: str) -> str:
    """Comparison key: folded (no diacritics, lower case, spaces collapsed)."""
    return fold(unicodedata.normalize("NFC", text))


def nospace(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))


def haystacks(fixture: dict) -> tuple[str, str]:
    """(full text, text with footnotes removed), both folded and without markup."""
    raw = seed_text(fixture)
    return key(strip_markup(raw)), key(strip_markup(without_footnotes(raw)))


def agency_index() -> dict[str, list[str]]:
    """lookup string (NFC) -> names of the agencies it designates."""
    index: dict[str, list[str]] = {}
    for agency in load(FIXTURES / "agencies.json")["agencies"]:
        names = [agency["name"], agency.get("short_name"), *agency.get("aliases", [])]
        for name in {n for n in names if n}:
            index.setdefault(unicodedata.normalize("NFC", name), []).append(agency["name"])
    return index


def walk_strings(obj, path="$"):
    if isinstance(obj, str):
        yield path, obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from walk_strings(k, f"{path}.<key>")
            yield from walk_strings(v, f"{path}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from walk_strings(v, f"{path}[{i}]")


def check_iso(value, where: str) -> None:
    if value is None:
        return
    assert isinstance(value, str) and ISO_DATE.match(value), f"{where}: not YYYY-MM-DD: {value!r}"
    date.fromisoformat(value)  # raises on 2021-02-30


def date_forms(iso: str) -> list[str]:
    """How a date is written in the seeds: 25/8/2021, 05/3/2026, ngày 13 tháng 9 năm 2021."""
    d = date.fromisoformat(iso)
    forms = []
    for day in {str(d.day), f"{d.day:02d}"}:
        for month in {str(d.month), f"{d.month:02d}"}:
            forms.append(f"{day}/{month}/{d.year}")
            forms.append(f"ngay {day} thang {month} nam {d.year}")
    return forms


# --------------------------------------------------------------------------- files


def test_fixture_files_present():
    assert [p.name for p in FIXTURE_FILES] == EXPECTED_FILES
    assert (FIXTURES / "agencies.json").is_file()
    assert (FIXTURES / "README.md").is_file()
    assert len(list(SEED_COPIES.glob("*.txt"))) == 5


def test_each_fixture_names_its_own_seed_copy():
    for path, data in all_fixtures():
        assert set(data) == {"seed", "documents"}, path.name
        assert (SEED_COPIES / data["seed"]).is_file(), f"{path.name}: no copy of {data['seed']}"
        assert data["seed"][:3] == path.stem[-3:], f"{path.name} holds seed {data['seed']}"
        assert data["documents"], f"{path.name}: no documents"


def test_seed_copies_are_byte_identical_to_the_originals():
    if not SHARED_SEEDS.is_dir():
        pytest.skip(f"original seeds not found at {SHARED_SEEDS} (CI keeps them in ../shared/seeds)")
    originals = sorted(p.name for p in SHARED_SEEDS.glob("*.txt"))
    assert originals == sorted(p.name for p in SEED_COPIES.glob("*.txt"))
    for name in originals:
        assert (SEED_COPIES / name).read_bytes() == (SHARED_SEEDS / name).read_bytes(), name


def test_all_strings_are_nfc():
    paths = [*FIXTURE_FILES, FIXTURES / "agencies.json"]
    for path in paths:
        for where, s in walk_strings(load(path)):
            assert unicodedata.is_normalized("NFC", s), f"{path.name} {where}: not NFC: {s!r}"
            assert s == s.strip(), f"{path.name} {where}: surrounding whitespace: {s!r}"
            assert "*" not in s and "<sup>" not in s, f"{path.name} {where}: OCR markup left: {s!r}"


# --------------------------------------------------------------------------- documents


def test_documents_have_the_documented_shape():
    for fname, doc in all_documents():
        where = f"{fname} {doc.get('key')}"
        missing = DOC_REQUIRED.keys() - doc.keys()
        assert not missing, f"{where}: missing {sorted(missing)}"
        unknown = doc.keys() - DOC_REQUIRED.keys() - DOC_OPTIONAL.keys()
        assert not unknown, f"{where}: unknown keys {sorted(unknown)}"
        for k, t in {**DOC_REQUIRED, **DOC_OPTIONAL}.items():
            if k in doc:
                assert isinstance(doc[k], t), f"{where}: {k} has type {type(doc[k]).__name__}"
        assert doc["type"] in DOC_TYPES, f"{where}: type {doc['type']!r}"
        assert doc["status"] in {s.value for s in DocumentStatus}, f"{where}: status"
        for k in ("issued", "incoming_date"):
            check_iso(doc[k], f"{where} {k}")
        assert all(isinstance(r, str) and r for r in doc["recipients"]), f"{where}: recipients"
        assert ("text_file" in doc) == ("text_lines" in doc), f"{where}: text_file without lines"


def test_keys_unique_and_issuer_number_year_unique():
    keys: dict[str, str] = {}
    identities: dict[tuple, str] = {}
    for fname, doc in all_documents():
        assert doc["key"] not in keys, f"key {doc['key']} in {fname} and {keys[doc['key']]}"
        keys[doc["key"]] = fname
        if doc["number"]:
            year = doc["issued"][:4] if doc["issued"] else None
            ident = (key(doc["issuer"]), nospace(doc["number"]), year)
            assert ident not in identities, f"{doc['key']} duplicates {identities[ident]}"
            identities[ident] = doc["key"]


def test_partial_records_hold_only_what_the_reference_gives():
    for fname, doc in all_documents():
        if doc.get("partial"):
            assert not doc["assignments"], f"{doc['key']}: partial record with assignments"
            assert "text_lines" not in doc, f"{doc['key']}: partial record pointing at text"
            assert doc["number"] and doc["issued"], f"{doc['key']}: partial record needs number+date"
        else:
            assert "text_lines" in doc, f"{fname} {doc['key']}: full record without text_lines"


def test_links_are_valid_and_targets_exist():
    docs = dict((d["key"], d) for _, d in all_documents())
    relations = {r.value for r in LinkRelation}
    for fname, doc in all_documents():
        for i, link in enumerate(doc["links"]):
            where = f"{fname} {doc['key']} links[{i}]"
            assert link["relation"] in relations, f"{where}: relation {link['relation']!r}"
            assert ("target" in link) != ("reference" in link), f"{where}: target xor reference"
            if "target" in link:
                assert set(link) == {"relation", "target"}, f"{where}: keys {sorted(link)}"
                assert link["target"] in docs, f"{where}: unknown target {link['target']!r}"
                assert link["target"] != doc["key"], f"{where}: links to itself"
            else:
                assert set(link) == CITE_KEYS, f"{where}: keys {sorted(link)}"
                assert link["relation"] == "cites", f"{where}: unresolved link must be a citation"
                assert link["reference"], where
                assert link["ref_type"] is None or link["ref_type"] in DOC_TYPES, where
                check_iso(link["ref_date"], where)


def test_replaced_documents_are_superseded_and_only_those():
    docs = {d["key"]: d for _, d in all_documents()}
    replaced = {
        link["target"]
        for d in docs.values()
        for link in d["links"]
        if link["relation"] == "replaces"
    }
    superseded = {k for k, d in docs.items() if d["status"] == "superseded"}
    assert replaced == superseded


def test_document_text_is_found_in_the_seed():
    """Number, subject, signer, recipients, dates and citations all come from the seed text."""
    for path, data in all_fixtures():
        full, running = haystacks(data)
        full_nospace = re.sub(r"\s+", "", full)
        lines = seed_text(data).split("\n")
        for doc in data["documents"]:
            where = f"{path.name} {doc['key']}"
            own = full
            if "text_lines" in doc:
                a, b = doc["text_lines"]
                own = key(strip_markup("\n".join(lines[a - 1 : b])))
            if doc["number"]:
                # the number must be in the document's own lines (or, for partial records,
                # in the text that refers to them); OCR spacing around "-" does not matter
                assert nospace(doc["number"]) in re.sub(r"\s+", "", own), f"{where}: number"
            for field in ("subject", "signer"):
                if doc[field]:
                    assert key(doc[field]) in full, f"{where}: {field} not in seed: {doc[field]!r}"
            for r in doc["recipients"]:
                assert key(r) in own, f"{where}: recipient not in its lines: {r!r}"
            if doc["issued"]:
                assert any(f in full for f in date_forms(doc["issued"])), f"{where}: issued date"
            if doc["incoming_number"]:
                assert doc["incoming_number"] in own, f"{where}: incoming number"
            for link in doc["links"]:
                if "reference" in link:
                    # a citation may run across footnotes inserted mid-sentence by the OCR
                    ref = key(link["reference"])
                    assert ref in full or ref in running, f"{where}: {link['reference']!r}"
                    if link["ref_number"]:
                        assert nospace(link["ref_number"]) in full_nospace, link["ref_number"]
                    if link["ref_date"]:
                        assert any(f in full for f in date_forms(link["ref_date"])), link


def test_text_lines_are_inside_the_seed_copies():
    for path, data in all_fixtures():
        n_lines = len(seed_text(data).split("\n"))
        spans = []
        for doc in data["documents"]:
            if "text_lines" not in doc:
                continue
            assert doc["text_file"] == f"seeds/{data['seed']}", f"{doc['key']}: text_file"
            assert (FIXTURES / doc["text_file"]).is_file()
            a, b = doc["text_lines"]
            assert isinstance(a, int) and isinstance(b, int), doc["key"]
            assert 1 <= a <= b <= n_lines, f"{doc['key']}: {a}-{b} outside 1-{n_lines}"
            spans.append((a, b, doc["key"]))
        spans.sort()
        for (a1, b1, k1), (a2, _, k2) in zip(spans, spans[1:]):
            assert b1 < a2, f"{path.name}: {k1} and {k2} overlap"


# --------------------------------------------------------------------------- assignments


def test_assignments_have_the_documented_shape():
    for fname, doc in all_documents():
        refs = [a.get("ref") for a in doc["assignments"]]
        assert len(refs) == len(set(refs)), f"{doc['key']}: duplicate refs"
        for a in doc["assignments"]:
            where = f"{fname} {doc['key']} {a.get('ref')}"
            assert set(a) == ASSIGNMENT_KEYS, f"{where}: keys {sorted(a)}"
            assert a["ref"] and a["title"] and a["body"], where
            assert len(a["title"]) <= 125, f"{where}: title too long"
            assert a["lead"], f"{where}: no lead agency"
            assert not set(a["lead"]) & set(a["support"]), f"{where}: lead also support"
            for d in a["deadlines"]:
                assert set(d) <= {"phrase", "due"} and d["phrase"], f"{where}: {d}"
                check_iso(d.get("due"), where)


def test_assignment_text_is_found_in_the_seed():
    """Bodies, titles and deadline phrases are copied, not paraphrased."""
    for path, data in all_fixtures():
        full, running = haystacks(data)
        for doc in data["documents"]:
            for a in doc["assignments"]:
                where = f"{path.name} {doc['key']} {a['ref']}"
                assert key(a["body"]) in running, f"{where}: body not in seed text"
                assert key(a["title"]) in running, f"{where}: title not in seed text"
                for d in a["deadlines"]:
                    assert key(d["phrase"]) in full, f"{where}: deadline {d['phrase']!r}"


def test_deadline_phrases_are_verbatim():
    """Stricter than the folded check: "hằng năm" must not stand in for the text's "hàng năm"."""
    for path, data in all_fixtures():
        exact = " ".join(strip_markup(seed_text(data)).split())
        for doc in data["documents"]:
            for a in doc["assignments"]:
                for d in a["deadlines"]:
                    phrase = " ".join(d["phrase"].split())
                    assert phrase in exact, f"{path.name} {doc['key']} {a['ref']}: {phrase!r}"


def test_lead_and_support_resolve_to_exactly_one_agency():
    index = agency_index()
    for fname, doc in all_documents():
        for a in doc["assignments"]:
            for role in ("lead", "support"):
                for name in a[role]:
                    where = f"{fname} {doc['key']} {a['ref']} {role}"
                    hits = index.get(unicodedata.normalize("NFC", name), [])
                    assert len(hits) == 1, f"{where}: {name!r} resolves to {hits}"
                    assert hits[0] == name, f"{where}: use the full name {hits[0]!r}, not {name!r}"


# --------------------------------------------------------------------------- agencies


def test_agencies_file_is_consistent():
    agencies = load(FIXTURES / "agencies.json")["agencies"]
    names = [a["name"] for a in agencies]
    assert len(names) == len(set(names)), "duplicate agency names"
    for a in agencies:
        assert set(a) == {"name", "short_name", "aliases", "parent"}, a
        assert a["parent"] is None or a["parent"] in names, f"{a['name']}: parent {a['parent']!r}"
        assert a["parent"] != a["name"]
    # every lookup string (name, short name, alias) designates one agency only
    ambiguous = {k: v for k, v in agency_index().items() if len(v) > 1}
    assert not ambiguous, ambiguous


def test_every_issuer_and_every_agency_is_accounted_for():
    index = agency_index()
    agencies = load(FIXTURES / "agencies.json")["agencies"]
    parents = {a["parent"] for a in agencies}
    used = set(parents)
    for _, doc in all_documents():
        assert index.get(doc["issuer"]) == [doc["issuer"]], f"issuer {doc['issuer']!r} unknown"
        used.add(doc["issuer"])
        for a in doc["assignments"]:
            used.update(a["lead"], a["support"])
    unused = [a["name"] for a in agencies if a["name"] not in used]
    assert not unused, f"agencies named nowhere: {unused}"


def test_same_generic_name_in_two_provinces_is_two_agencies():
    names = {a["name"] for a in load(FIXTURES / "agencies.json")["agencies"]}
    for generic in ("Ban Thường vụ Tỉnh ủy", "Ban Nội chính Tỉnh ủy", "Cục Thi hành án dân sự tỉnh"):
        holders = {n for n in names if n.startswith(generic + " ")}
        assert len(holders) >= 2, (generic, holders)
        assert generic not in agency_index(), f"{generic!r} would be ambiguous"
