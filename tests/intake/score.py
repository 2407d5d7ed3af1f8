"""Score the intake parser on the seed documents against the hand-written gold labels.

Run ``python -m tests.intake.score`` (or ``python tests/intake/score.py``) from the repo root.

Gold labels live in ``tests/intake/expected/<seed-stem>.json``, in the shape of
``IntakeResult.to_json()``; they were written by reading the seed texts, not from the parser.

Matching rules:

* **Documents.** A gold document is paired with the parsed document that has the same
  number (``store.text.number_key``); a gold document without a number is paired with the
  first unpaired parsed document of the same type code. An unpaired gold document scores
  zero on every field; an unpaired parsed document counts against precision of its
  references and assignments.
* **Fields.** Compared after normalisation: ``fold`` (no case, no diacritics), spaces
  collapsed, trailing punctuation dropped; numbers by ``number_key``; dates as ISO strings;
  recipients as a set of normalised items. None equals None (a field the text lacks must
  be left empty).
* **References.** A reference matches when the number key and the relation are equal; a
  reference without a number (a copy of an unnumbered text) matches on type + relation.
* **Assignments.** An assignment matches on its ``ref`` ("4.1", "II.3.a"), normalised; an
  unnumbered one (ref None) matches on the first 40 letters/digits of its folded body.
  For matched assignments, ``lead`` is right when the sets of folded names are equal;
  ``support`` and ``deadlines`` are reported the same way, for information.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

if __package__ in (None, ""):  # `python tests/intake/score.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from store.intake import parse_text  # noqa: E402
from store.text import fold, number_key  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = Path(__file__).resolve().parent / "expected"
SEEDS_DIRS = [Path("/work/shared/seeds"), ROOT / "fixtures" / "seeds"]

FIELDS = [
    "type_code", "number", "issuer", "place", "issued", "subject", "signer", "signer_title",
    "recipients", "incoming_number", "incoming_date",
]


def seeds_dir() -> Path | None:
    """Where the seed texts are (the shared folder, or a copy under fixtures/)."""
    for folder in SEEDS_DIRS:
        if folder.is_dir() and any(folder.glob("*.txt")):
            return folder
    return None


def norm(value: Any) -> Any:
    """Normalise a field value for comparison."""
    if value is None:
        return None
    if isinstance(value, list):
        return frozenset(norm(v) for v in value)
    text = fold(str(value))
    text = re.sub(r"\s+", " ", text).strip(" .,;:*")
    return text or None


def norm_field(name: str, value: Any) -> Any:
    if name == "number":
        return number_key(value) if value else None
    return norm(value)


def ref_key(ref: dict[str, Any]) -> tuple[str, str]:
    if ref.get("number"):
        return (number_key(ref["number"]) or "", ref["relation"])
    return (f"type:{ref.get('type')}", ref["relation"])


def assignment_key(a: dict[str, Any]) -> str:
    if a.get("ref"):
        return "ref:" + re.sub(r"[\s().]+", ".", a["ref"].lower()).strip(".")
    letters = re.sub(r"[^a-z0-9]", "", fold(a.get("body") or ""))
    return "body:" + letters[:40]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Score:
    """Totals over all seeds, plus per-seed detail for failure messages."""

    field_right: dict[str, int] = field(default_factory=lambda: {f: 0 for f in FIELDS})
    field_total: int = 0
    references: Counts = field(default_factory=Counts)
    assignments: Counts = field(default_factory=Counts)
    lead_right: int = 0
    support_right: int = 0
    deadlines_right: int = 0
    matched_assignments: int = 0
    links: Counts = field(default_factory=Counts)
    misses: list[str] = field(default_factory=list)
    per_seed: dict[str, dict[str, Any]] = field(default_factory=dict)

    def field_accuracy(self, name: str) -> float:
        return self.field_right[name] / self.field_total if self.field_total else 1.0


def _pair(gold_docs: list[dict[str, Any]], parsed_docs: list[dict[str, Any]]) -> list[tuple[dict, dict | None]]:
    used: set[int] = set()
    pairs: list[tuple[dict, dict | None]] = []
    for gold in gold_docs:
        match = None
        if gold.get("number"):
            for i, doc in enumerate(parsed_docs):
                if i not in used and number_key(doc.get("number")) == number_key(gold["number"]):
                    match = i
                    break
        if match is None:
            for i, doc in enumerate(parsed_docs):
                if i not in used and doc.get("type_code") == gold.get("type_code") and not (
                    gold.get("number") and doc.get("number")
                ):
                    match = i
                    break
        if match is not None:
            used.add(match)
        pairs.append((gold, parsed_docs[match] if match is not None else None))
    for i, doc in enumerate(parsed_docs):
        if i not in used:
            pairs.append(({}, doc))
    return pairs


def _count(gold_keys: list, parsed_keys: list, counts: Counts) -> None:
    remaining = list(parsed_keys)
    for key in gold_keys:
        if key in remaining:
            remaining.remove(key)
            counts.tp += 1
        else:
            counts.fn += 1
    counts.fp += len(remaining)


def score_seed(stem: str, text: str, gold: dict[str, Any], score: Score,
               parse: Callable[[str], Any] = parse_text) -> None:
    """Add one seed's results to `score`."""
    parsed = parse(text).to_json()
    seed: dict[str, Any] = {"fields": {}, "references": Counts(), "assignments": Counts()}
    for gold_doc, doc in _pair(gold["documents"], parsed["documents"]):
        if gold_doc:
            score.field_total += 1
            for name in FIELDS:
                want = norm_field(name, gold_doc.get(name))
                got = norm_field(name, doc.get(name)) if doc else "<no document>"
                if want == got:
                    score.field_right[name] += 1
                else:
                    score.misses.append(f"{stem} {gold_doc.get('number')} {name}: want {gold_doc.get(name)!r} got {doc and doc.get(name)!r}")
        gold_refs = [ref_key(r) for r in gold_doc.get("references", [])]
        got_refs = [ref_key(r) for r in (doc or {}).get("references", [])]
        _count(gold_refs, got_refs, score.references)
        _count(gold_refs, got_refs, seed["references"])
        for key in set(gold_refs) - set(got_refs):
            score.misses.append(f"{stem} reference missed: {key}")
        for key in set(got_refs) - set(gold_refs):
            score.misses.append(f"{stem} reference extra: {key}")
        gold_as = {assignment_key(a): a for a in gold_doc.get("assignments", [])}
        got_as = {assignment_key(a): a for a in (doc or {}).get("assignments", [])}
        _count(list(gold_as), list(got_as), score.assignments)
        _count(list(gold_as), list(got_as), seed["assignments"])
        for key in set(gold_as) - set(got_as):
            score.misses.append(f"{stem} assignment missed: {key}")
        for key in set(got_as) - set(gold_as):
            score.misses.append(f"{stem} assignment extra: {key}")
        for key in set(gold_as) & set(got_as):
            want, got = gold_as[key], got_as[key]
            score.matched_assignments += 1
            for name, attr in (("lead", "lead_right"), ("support", "support_right"), ("deadlines", "deadlines_right")):
                if norm(want[name]) == norm(got[name]):
                    setattr(score, attr, getattr(score, attr) + 1)
                elif name == "lead":
                    score.misses.append(f"{stem} {key} lead: want {want[name]} got {got[name]}")
    want_links = [(l["source"], l["target"], l["relation"]) for l in gold.get("links", [])]
    got_links = [(l["source"], l["target"], l["relation"]) for l in parsed.get("links", [])]
    _count(want_links, got_links, score.links)
    score.per_seed[stem] = seed


def score_all(parse: Callable[[str], Any] = parse_text) -> Score:
    """Score every seed that has a gold file."""
    folder = seeds_dir()
    score = Score()
    if folder is None:
        raise FileNotFoundError("seed texts not found in " + ", ".join(map(str, SEEDS_DIRS)))
    for path in sorted(EXPECTED.glob("*.json")):
        seed = folder / f"{path.stem}.txt"
        gold = json.loads(path.read_text(encoding="utf-8"))
        score_seed(path.stem, seed.read_text(encoding="utf-8"), gold, score, parse)
    return score


def report(score: Score) -> str:
    """The score table as text."""
    lines = [f"Documents (gold): {score.field_total}", "", f"{'field':<18}accuracy"]
    for name in FIELDS:
        right = score.field_right[name]
        lines.append(f"{name:<18}{score.field_accuracy(name):6.1%}  ({right}/{score.field_total})")
    lines.append("")
    lines.append(f"{'':<18}{'precision':>10}{'recall':>10}   tp/fp/fn")
    for name, c in (("references", score.references), ("assignments", score.assignments), ("links", score.links)):
        lines.append(f"{name:<18}{c.precision:10.1%}{c.recall:10.1%}   {c.tp}/{c.fp}/{c.fn}")
    m = score.matched_assignments or 1
    lines.append("")
    lines.append(f"matched assignments: lead {score.lead_right}/{score.matched_assignments} ({score.lead_right / m:.1%}), "
                 f"support {score.support_right}/{score.matched_assignments} ({score.support_right / m:.1%}), "
                 f"deadlines {score.deadlines_right}/{score.matched_assignments} ({score.deadlines_right / m:.1%})")
    lines.append("")
    lines.append(f"{'seed':<24}{'refs P':>8}{'refs R':>8}{'asg P':>8}{'asg R':>8}")
    for stem, seed in score.per_seed.items():
        r, a = seed["references"], seed["assignments"]
        lines.append(f"{stem:<24}{r.precision:8.1%}{r.recall:8.1%}{a.precision:8.1%}{a.recall:8.1%}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    score = score_all()
    print(report(score))
    if "-v" in argv and score.misses:
        print("\nDifferences:")
        for miss in score.misses:
            print("  " + miss)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
